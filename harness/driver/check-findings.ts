// How the driver check judges what a driver reported, and the words it says it in: one sentence
// per problem, naming the probe, what the driver said, and what Gauntlet's contract wants instead.
import { STATUSES } from '../../spec/index.ts';
import type { Completion, PaymentObservation, ProviderName } from './types.ts';

export function judgeAuthorized(c: Completion, asked: { reference: string; provider: ProviderName; amount: number; currency: string }): string[] {
  const { reference, provider, amount, currency } = asked;
  if (c.type !== 'ok') return [`authorize: ${describeNotOk(c)} for an approving test card with no fault injected; it must be ok with status 'authorized'`];
  const v = c.value;
  const f: string[] = [];
  if (v.status !== 'authorized') f.push(statusFinding('authorize', v.status, ['authorized'], 'a manual-capture authorization the issuer approved'));
  if (v.amount !== amount) f.push(`authorize: amount is ${v.amount}, Gauntlet asked for ${amount}: amounts are in minor units (cents), as given`);
  if (v.amounts.authorized !== amount || v.amounts.captured !== 0 || v.amounts.refunded !== 0) {
    f.push(`authorize: amounts are ${JSON.stringify(v.amounts)}; after authorizing ${amount} (minor units) they must be { authorized: ${amount}, captured: 0, refunded: 0 }`);
  }
  if (v.currency.toLowerCase() !== currency.toLowerCase()) f.push(`authorize: currency is '${v.currency}', Gauntlet asked for '${currency}'`);
  if (v.reference !== reference) f.push(`authorize: reference is '${v.reference}', not the one Gauntlet gave ('${reference}'); reference is the harness's name for the payment: store it and echo it back`);
  if (v.provider !== null && v.provider !== provider) f.push(`authorize: provider is '${v.provider}' for a payment Gauntlet sent to '${provider}'`);
  if (!v.paymentId) f.push('authorize: no paymentId; the harness needs the service\'s id to capture, refund, void and get it');
  return f;
}

export function judgeDecline(c: Completion, reference: string, card: string): string[] {
  const what = `the issuer declined test card ${card}`;
  if (c.type === 'ok') {
    if (c.value.status === 'declined') return c.value.reference === reference ? [] : [`decline: reference is '${c.value.reference}', not '${reference}'`];
    return [statusFinding('decline', c.value.status, ['declined'], `${what}; an issuer decline must be fail kind 'decline' or ok with status 'declined'`)];
  }
  if (c.type === 'fail') {
    if (c.error.kind === 'decline') return [];
    if (c.error.kind === 'platform') return [`decline: reported as a platform failure (code '${c.error.code}'); ${what}: an issuer decline must be fail kind 'decline' or status 'declined', or every decline counts against your platform's failure rate`];
    return [`decline: reported as fail kind '${c.error.kind}' (code '${c.error.code}'); ${what}: an issuer decline must be fail kind 'decline' or status 'declined'`];
  }
  return [`decline: reported as indeterminate (info, code '${c.error.code}': ${c.error.message}); ${what} and answered at once: it must be fail kind 'decline' or status 'declined'`];
}

/** A money step with no fault injected must be ok; anything else is named. */
export function moneyStepFindings(step: string, c: Completion, expected: string[], what: string): string[] {
  if (c.type === 'ok') return isStatus(c.value.status) ? [] : [statusFinding(step, c.value.status, expected, what)];
  return [`${step}: ${describeNotOk(c)} with no fault injected; it must be ok`];
}

export function judgeSettled(step: string, v: PaymentObservation | undefined, amounts: Partial<PaymentObservation['amounts']>, statuses: string[], what: string, settleMs: number): string[] {
  if (!v) return [`${step}: get() never returned ok afterwards`];
  const f: string[] = [];
  for (const [k, want] of Object.entries(amounts) as [keyof PaymentObservation['amounts'], number][]) {
    if (v.amounts[k] !== want) f.push(`${step}: after ${what}, amounts.${k} is ${v.amounts[k]}, expected ${want} (minor units, cumulative; waited up to ${Math.round(settleMs / 1000)} s for the provider to confirm)`);
  }
  if (!statuses.includes(v.status)) f.push(statusFinding(step, v.status, statuses, what));
  return f;
}

export function statusFinding(step: string, got: string, expected: string[], why: string): string {
  const want = expected.map((s) => `'${s}'`).join(' or ');
  if (!isStatus(got)) {
    return `${step}: the driver reported status '${got}'; Gauntlet's statuses are ${STATUSES.join(', ')}${expected.length ? `; map '${got}' to ${want}${why ? ` (${why})` : ''}` : `; map your service's status to one of them`}`;
  }
  return `${step}: the driver reported status '${got}', expected ${want}${why ? ` after ${why}` : ''}; check how your driver maps your service's statuses`;
}

export function describeNotOk(c: Exclude<Completion, { type: 'ok' }>): string {
  return c.type === 'fail' ? `reported fail kind '${c.error.kind}' (code '${c.error.code}': ${c.error.message})` : `reported indeterminate (info, code '${c.error.code}': ${c.error.message})`;
}

export function sameView(a: PaymentObservation, b: PaymentObservation): string[] {
  const f: string[] = [];
  for (const k of ['paymentId', 'reference', 'status', 'amount', 'currency'] as const) {
    if (a[k] !== b[k]) f.push(`get: ${k} is '${String(b[k])}', authorize said '${String(a[k])}'; get must show the same payment`);
  }
  const amounts = (o: PaymentObservation) => JSON.stringify([o.amounts.authorized, o.amounts.captured, o.amounts.refunded, o.amounts.disputed ?? null]);
  if (amounts(a) !== amounts(b)) {
    f.push(`get: amounts are ${JSON.stringify(b.amounts)}, authorize said ${JSON.stringify(a.amounts)}`);
  }
  return f;
}

export function isStatus(s: string): boolean {
  return (STATUSES as readonly string[]).includes(s);
}

export function money(minor: number): string {
  return `${minor} (minor units)`;
}
