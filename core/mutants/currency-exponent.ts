// MUTANT currency-exponent-ignored: the adapter converts amounts as if every currency had two
// decimals. Amounts go to the PSP multiplied by 100 for a zero-decimal currency (¥5,000 sent as
// 500,000) and come back divided by 100, so the core's own books look right; only the PSP's ledger
// shows that a hundred times the money moved.
import { minorUnits } from '../../spec/index.ts';
import type { ProviderAdapter, ProviderEvent, ProviderResult } from '../adapters/types.ts';

const zeroDecimal = (currency: string | undefined): boolean => currency !== undefined && minorUnits(currency) === 0;
const out = (amount: number, currency: string): number => (zeroDecimal(currency) ? amount * 100 : amount);
const back = (amount: number, currency: string | undefined): number => (zeroDecimal(currency) ? Math.round(amount / 100) : amount);

export function exponentIgnored(inner: ProviderAdapter): ProviderAdapter {
  return {
    provider: inner.provider,
    authorize: async (request, ctx) => {
      const r = await inner.authorize({ ...request, amount: out(request.amount, request.currency) }, ctx);
      return r.kind === 'ok' ? { ...r, value: { ...r.value, amountAuthorized: back(r.value.amountAuthorized, request.currency), amountCaptured: back(r.value.amountCaptured, request.currency) } } : r;
    },
    capture: (request, ctx) => inner.capture({ ...request, amount: out(request.amount, request.currency) }, ctx),
    refund: (request, ctx) => inner.refund({ ...request, amount: out(request.amount, request.currency) }, ctx),
    void: (request, ctx) => inner.void({ ...request, amount: out(request.amount, request.currency) }, ctx),
    retrieve: async (providerPaymentId, ctx) => {
      const r = await inner.retrieve(providerPaymentId, ctx);
      if (r.kind !== 'ok') return r;
      const v = r.value;
      const scaled: ProviderResult<typeof v> = { kind: 'ok', value: { ...v, amountAuthorized: back(v.amountAuthorized, v.currency), amountCaptured: back(v.amountCaptured, v.currency), amountRefunded: back(v.amountRefunded, v.currency) } };
      return scaled;
    },
    parseWebhook: (rawBody, headers, nowMs) => {
      const verdict = inner.parseWebhook(rawBody, headers, nowMs);
      if (verdict.kind !== 'ok') return verdict;
      const events = verdict.events.map((e): ProviderEvent => (e.amount !== undefined ? { ...e, amount: back(e.amount, e.currency) } : e));
      return { kind: 'ok', events };
    },
    acknowledge: () => inner.acknowledge(),
  };
}
