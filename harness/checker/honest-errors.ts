// Invariant 6, honest errors: an issuer decline is reported as a decline, not as a platform
// failure, and the reverse.
//
// The card tells what the issuer answers (cards.ts). A `decline` fault-plan effect makes a decline
// legitimate for any card; any other fault that can fail an API call (PSP error, timeout, rate
// limit, broken network, SUT crash; not webhook delivery faults) makes a platform failure
// legitimate for any card, because the issuer was then maybe never asked.
//
// Per authorize operation, with its SUT payment's final view and PSP payments:
//  (a) a declining card, no authorization in the ledger, and the SUT says `fail` with error kind
//      `platform`, or the payment ends `failed`, while no API-failing fault concerning its provider
//      was active in the operation's window or had healed less than BREAKER_GRACE_MS before it (a
//      breaker outlives its fault) → platform failure reported for an issuer decline (an outage at
//      another PSP excuses nothing);
//  (b) an approving card, nothing in the ledger, final status `declined`, and no decline fault
//      (for its provider) started before the window ended → platform problem reported as a decline;
// and per operation of any kind:
//  (c) a `fail` with error kind `decline` while the payment's final status is not `declined`;
//  (d) a platform failure where nothing failed: no API-failing fault concerning the provider had
//      started before the operation ended (`started before` rather than `active during`: an open
//      circuit breaker outlives its fault), and
//      - an authorize with an approving card: a `fail` with error kind `platform`, or the payment
//        ends `failed` (declining cards are left to (a));
//      - a capture, refund or void: a `fail` with error kind `platform` for a request the PSP's
//        ledger did not allow when it completed (capture above authorized minus captured, refund
//        above captured minus refunded and disputed, void after a capture or a void): the SUT
//        sent an illegal request it should have refused itself (a 409, `invalid`), and blamed the
//        platform for the PSP's refusal (a check-then-act race). A refusal the ledger does not
//        explain (e.g. Stripe releasing the rest of an authorization after a partial capture) is
//        not judged.
// The window of an authorize runs from its invoke to its completion, or to the end of the history
// when the outcome was left open (`info`, no completion, or `ok` with status unknown/authorizing):
// the SUT resolved it later.
import type { InvokeEvent, RunRecord } from '../history/types.ts';
import type { CheckResult, Checker, Violation } from './types.ts';
import { current, finalLookup, join, money, operations, pspPayments, valueOf, type Operation, type PspPayment } from './correlate.ts';
import { cardVerdict } from './cards.ts';
import { concerns, faultIntervals, isDeclineFault, isWebhookOnly, type FaultInterval } from './faults.ts';
import { timeline } from './timeline.ts';

const OPEN = new Set(['unknown', 'authorizing']);

/**
 * How long after a fault healed a platform failure for an issuer decline is still excused: an SUT's
 * circuit breaker opened by the fault stays open for its cool-down (10 s in the reference core;
 * 30 s covers the usual ones) and refuses calls before the issuer is asked.
 */
export const BREAKER_GRACE_MS = 30_000;

/** When a fault ended (the time of its stop or of the heal phase), Infinity while active. */
function endedAt(run: RunRecord, f: FaultInterval): number {
  return f.to === Infinity ? Infinity : (run.history[f.to]?.t ?? Infinity);
}

export const honestErrors: Checker = (run: RunRecord): CheckResult => {
  const psp = pspPayments(run.ledger);
  const finalFor = finalLookup(run);
  const faults = faultIntervals(run.history);
  const end = run.history[run.history.length - 1]?.index ?? 0;
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const report = (op: Operation, rule: string, sutId: string | undefined, explanation: string, windowEnd: number, providers: (string | null | undefined)[]) => {
    const key = `${sutId ?? op.invoke.reference}|${rule}`;
    if (seen.has(key)) return;
    seen.add(key);
    violations.push({
      invariant: 'honest-errors',
      paymentId: op.invoke.reference,
      explanation,
      timeline: timeline(run.history, op.invoke.reference, { opIds: new Set([op.invoke.opId]), from: op.invoke.index, to: windowEnd, providers, maxContext: 4 }),
    });
  };

  for (const op of operations(run.history)) {
    const { invoke, complete } = op;
    const value = complete ? valueOf(complete) : undefined;
    const final = finalFor(value?.paymentId, invoke.reference);
    const sutId = value?.paymentId ?? final?.paymentId;

    // (c) any operation: said declined, ended otherwise.
    if (complete?.completion.type === 'fail' && complete.completion.error.kind === 'decline' && final && final.status !== 'declined') {
      report(op, 'c', sutId, `the SUT failed ${invoke.op} of ${invoke.reference} as an issuer decline (${complete.completion.error.code}), but the payment ends ${final.status}.`, complete.index, [final.provider]);
    }
    const requested = typeof invoke.args.provider === 'string' && invoke.args.provider !== 'auto' ? invoke.args.provider : null;
    const provider = final?.provider ?? value?.provider ?? requested;
    const card = invoke.op === 'authorize' ? cardVerdict(invoke.args.paymentMethod, provider) : 'unknown';
    const settled = complete && (complete.type === 'fail' || (complete.type === 'ok' && value !== undefined && !OPEN.has(value.status)));
    const windowEnd = settled ? complete.index : end;

    // (d) a platform failure where nothing had failed.
    const c = complete?.completion;
    const failedCall = c?.type === 'fail' && c.error.kind === 'platform' ? c.error : undefined;
    if (invoke.op === 'authorize' ? card === 'approve' && (failedCall || final?.status === 'failed') : failedCall) {
      const disturbed = faults.some((f) => f.from <= windowEnd && !isDeclineFault(f) && !isWebhookOnly(f) && concerns(f, provider));
      if (!disturbed) {
        if (invoke.op === 'authorize') {
          const what = failedCall ? `reported a platform failure (${failedCall.code}) for the authorization of ${invoke.reference}` : `ended payment ${invoke.reference} failed`;
          report(op, 'd', sutId, `the SUT ${what}, yet card ${String(invoke.args.paymentMethod)} approves and no fault had been injected on ${provider ?? 'its provider'}, the network or the SUT.`, windowEnd, [provider]);
        } else if (failedCall && complete) {
          const target = final ? current(join(final, psp)) : undefined;
          const illegal = target ? illegalAtPsp(invoke, target, complete.t) : undefined;
          if (illegal) {
            report(op, 'd', sutId, `the SUT reported a platform failure (${failedCall.code}) for ${invoke.op} of ${invoke.reference}, but no fault had been injected and ${illegal}: an illegal request the SUT should have refused itself (invalid), not a platform failure.`, windowEnd, [provider]);
          }
        }
      }
    }
    if (invoke.op !== 'authorize' || card === 'unknown') continue;
    const ps = final ? join(final, psp).matches : value ? join(value, psp).matches : [];
    const authorizedAtPsp = ps.some((p) => p.authorizations.length > 0);
    const pm = String(invoke.args.paymentMethod);
    const cardName = `${pm} (${card === 'decline' ? 'a declining' : 'an approving'} test card)`;

    if (card === 'decline' && !authorizedAtPsp) {
      // Inside a fault window too: only a fault that could reach this payment's provider (or the
      // SUT, or the network every provider's traffic crosses) excuses a platform failure.
      // A fault healed shortly before still excuses it: a circuit breaker it opened outlives it.
      const platformFault = faults.some((f) => f.from <= windowEnd && endedAt(run, f) >= invoke.t - BREAKER_GRACE_MS && !isDeclineFault(f) && !isWebhookOnly(f) && concerns(f, provider));
      if (!platformFault) {
        const c = complete?.completion;
        if (c?.type === 'fail' && c.error.kind === 'platform') {
          report(op, 'a', sutId, `the SUT reported a platform failure (${c.error.code}) for the issuer decline of ${invoke.reference}: card ${cardName}, no fault active, nothing authorized at the PSP.`, windowEnd, [provider]);
        } else if (final?.status === 'failed') {
          report(op, 'a', sutId, `payment ${invoke.reference} ends failed, a platform failure, though card ${cardName} was simply declined by the issuer: no fault active, nothing authorized at the PSP.`, windowEnd, [provider]);
        }
      }
    }

    if (card === 'approve' && final?.status === 'declined' && ps.length === 0) {
      const declineFault = faults.some((f) => isDeclineFault(f) && f.from <= windowEnd && concerns(f, final.provider ?? provider));
      if (!declineFault) {
        report(op, 'b', sutId, `payment ${invoke.reference} ends declined${final.declineCode ? ` (${final.declineCode})` : ''}, but card ${cardName} approves and no decline fault was injected: a platform problem reported as an issuer decline.`, windowEnd, [provider]);
      }
    }
  }
  return { invariant: 'honest-errors', valid: violations.length === 0, violations };
};

/** Why the PSP's ledger did not allow this modification when it completed (at time `t`), if it did not. */
function illegalAtPsp(invoke: InvokeEvent, p: PspPayment, t: number): string | undefined {
  const upTo = p.movements.filter((m) => m.at <= t);
  const sum = (kind: string) => upTo.filter((m) => m.kind === kind).reduce((s, m) => s + m.amount, 0);
  const voided = upTo.some((m) => m.kind === 'void');
  const authorized = sum('authorization');
  const captured = sum('capture');
  const requested = typeof invoke.args.amount === 'number' ? invoke.args.amount : undefined;
  const cur = p.currency;
  const of = requested !== undefined ? ` for a ${invoke.op} of ${money(requested, cur)}` : '';
  switch (invoke.op) {
    case 'capture': {
      const left = voided ? 0 : authorized - captured;
      if (left <= 0 || (requested !== undefined && requested > left)) return `${p.provider} ${p.paymentId} had ${money(Math.max(0, left), cur)} left to capture${of}`;
      return undefined;
    }
    case 'refund': {
      const left = captured - sum('refund') - sum('dispute');
      if (left <= 0 || (requested !== undefined && requested > left)) return `${p.provider} ${p.paymentId} had ${money(Math.max(0, left), cur)} left to refund${of}`;
      return undefined;
    }
    case 'void':
      if (voided) return `${p.provider} ${p.paymentId} was already voided`;
      if (captured > 0) return `${p.provider} ${p.paymentId} had already captured ${money(captured, cur)}`;
      return undefined;
    default:
      return undefined;
  }
}
