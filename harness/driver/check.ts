// `gauntlet driver check`: a short conformance probe of a driver against a live world, before any
// drill trusts it. A driver that maps statuses or errors wrongly makes every later verdict wrong
// (a decline counted as a platform failure, a capture the checkers think never happened), so each
// probe runs one plain payment step with a known right answer and says, in a payments engineer's
// words, what the driver reported and what it should have.
//
// Per declared provider, only declared operations: authorize → get → list → capture (full) →
// refund (partial or full, then a second one if multiple refunds are declared); partial capture;
// void; an issuer decline; a timeout after commit at the PSP. Every payment carries the run tag in
// its reference and idempotency keys, so the probe can run again and again on a world the user
// keeps up. Async providers (Adyen confirms captures, refunds and cancels by notification) are
// given a bounded time, polling `get`, before a step is judged.
import { randomBytes } from 'node:crypto';
import type { LiveWorldDescription } from '../live/up.ts';
import { worldControl } from '../live/world-control.ts';
import { describeNotOk, isStatus, judgeAuthorized, judgeDecline, judgeSettled, money, moneyStepFindings, sameView, statusFinding } from './check-findings.ts';
import type { AuthorizeArgs, Completion, Driver, OperationCapability, PaymentObservation, ProviderName } from './types.ts';

export const PROBES = ['authorize', 'get', 'list', 'capture', 'partial_capture', 'refund', 'second_refund', 'void', 'decline', 'timeout'] as const;
export type ProbeName = (typeof PROBES)[number];

export interface ProbeResult {
  provider: ProviderName;
  probe: ProbeName;
  /** `skipped`: not declared, or what it builds on did not work (the reason says which). */
  outcome: 'pass' | 'mismatch' | 'skipped';
  /** What is wrong, one sentence each, with what to change. */
  findings: string[];
  /** Why skipped, or a note on a pass (e.g. the service resolved a timeout by itself). */
  note?: string;
}

export interface DriverCheckReport {
  driver: string;
  runTag: string;
  providers: ProviderName[];
  /** `conform`: every probe that ran passed; `mismatch`: at least one did not. */
  verdict: 'conform' | 'mismatch';
  probes: ProbeResult[];
}

/** The probe could not run at all (the service does not answer, the world's control API fails). */
export class DriverCheckError extends Error {}

export interface DriverCheckOptions {
  driver: Driver;
  world: LiveWorldDescription;
  /** Default: a fresh random tag. */
  runTag?: string;
  /** How long an asynchronous step (capture, refund, void, a timeout's resolution) may take to show. Default 20 s. */
  settleMs?: number;
  /** Ceiling on any one driver call, so a hung driver cannot hang the check. Default 60 s. */
  callTimeoutMs?: number;
  log?: (line: string) => void;
  /** Ends the check at the next driver call (Ctrl-C): it rejects with a DriverCheckError. */
  signal?: AbortSignal;
}

const AMOUNT = 1234;
const PARTIAL_CAPTURE = 500;
const FIRST_REFUND = 300;
const SECOND_REFUND = 200;
const CURRENCY = 'eur';

/**
 * The test payment methods the probe sends: the same tokens the drills send, so a driver that
 * passes here reads what the drills will give it. They are Stripe's test PaymentMethod names used
 * as the harness's provider-neutral vocabulary; on Adyen they mean Adyen's own test conventions
 * (simulators/kernel/catalogue.ts): pm_card_visa is the test Visa 4111 1111 1111 1111, and
 * pm_card_chargeDeclinedInsufficientFunds is holder name NOT_ENOUGH_BALANCE (refusal "Not enough balance").
 */
export const PROBE_CARDS: Record<ProviderName, { approve: string; decline: string }> = {
  stripe: { approve: 'pm_card_visa', decline: 'pm_card_chargeDeclinedInsufficientFunds' },
  adyen: { approve: 'pm_card_visa', decline: 'pm_card_chargeDeclinedInsufficientFunds' },
};

/** The PSP operation that creates an authorization, where the timeout probe's fault rule hits. */
const CREATE_OPERATION: Record<ProviderName, string> = { stripe: 'stripe.payment_intents.create', adyen: 'adyen.payments' };

const OPEN = ['unknown', 'authorizing'];
/**
 * How long the simulator holds the dead connection before dropping it. Either way the answer
 * never arrives; a short hold keeps a world's shutdown (which waits for open connections) quick.
 */
const HANG_MS = 5_000;

export async function checkDriver(o: DriverCheckOptions): Promise<DriverCheckReport> {
  const driver = o.driver;
  const runTag = o.runTag ?? `dc${randomBytes(4).toString('hex')}`;
  const settleMs = o.settleMs ?? 20_000;
  const callTimeoutMs = o.callTimeoutMs ?? 60_000;
  const log = o.log ?? (() => undefined);
  const control = worldControl(o.world);
  const caps = driver.capabilities;
  const declared = (op: OperationCapability) => caps.operations.includes(op);
  const results: ProbeResult[] = [];

  const call = async (what: string, f: () => Promise<Completion>): Promise<Completion> => {
    if (o.signal?.aborted) throw new DriverCheckError('interrupted');
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        f(),
        new Promise<Completion>((resolve) => {
          timer = setTimeout(() => resolve({ type: 'info', error: { kind: 'network', code: 'no_answer', message: `${what}: no answer within ${callTimeoutMs} ms` } }), callTimeoutMs);
        }),
      ]);
    } catch (err) {
      // The contract: a thrown error is indeterminate.
      return { type: 'info', error: { kind: 'network', code: 'threw', message: (err as Error).message } };
    } finally {
      clearTimeout(timer);
    }
  };

  /** Polls `get` until `done` holds (flushing the simulators' due webhooks meanwhile) or the bound passes; the last view. */
  const settle = async (paymentId: string, done: (v: PaymentObservation) => boolean, first?: PaymentObservation): Promise<PaymentObservation | undefined> => {
    let last = first;
    if (last && done(last)) return last;
    const until = Date.now() + settleMs;
    for (;;) {
      await control.flushWebhooks().catch(() => undefined);
      const c = await call('get', () => driver.get(paymentId));
      if (c.type === 'ok') {
        last = c.value;
        if (done(last)) return last;
        if (!isStatus(last.status)) return last; // no point waiting for a status the driver cannot name
      }
      if (Date.now() >= until) return last;
      await sleep(250);
    }
  };

  for (const provider of caps.providers) {
    const cards = PROBE_CARDS[provider];
    const ref = (probe: string) => `gauntlet-check-${runTag}-${provider}-${probe}`;
    const authorize = (probe: string, paymentMethod: string): Promise<Completion> => {
      const args: AuthorizeArgs = { reference: ref(probe), amount: AMOUNT, currency: CURRENCY, provider, paymentMethod, capture: 'manual', idempotencyKey: `${ref(probe)}-authorize` };
      return call('authorize', () => driver.authorize(args));
    };
    const record = (probe: ProbeName, findings: string[], note?: string) => {
      const r: ProbeResult = { provider, probe, outcome: findings.length ? 'mismatch' : 'pass', findings, ...(note ? { note } : {}) };
      results.push(r);
      log(`${provider} ${probe}: ${r.outcome}${findings.length ? `: ${findings.join(' | ')}` : ''}`);
      return r;
    };
    const skip = (probe: ProbeName, note: string) => {
      results.push({ provider, probe, outcome: 'skipped', findings: [], note });
      log(`${provider} ${probe}: skipped (${note})`);
    };
    /** An authorization to build on, judged as the authorize probe judges it; undefined if it is not one. */
    const freshAuthorization = async (probe: string): Promise<{ view?: PaymentObservation; findings: string[] }> => {
      const c = await authorize(probe, cards.approve);
      const findings = judgeAuthorized(c, { reference: ref(probe), provider, amount: AMOUNT, currency: CURRENCY });
      return { ...(c.type === 'ok' && findings.length === 0 ? { view: c.value } : {}), findings };
    };

    // authorize, get, list
    const auth = await authorize('a', cards.approve);
    if (auth.type === 'info' && auth.error.kind === 'network' && results.length === 0) {
      throw new DriverCheckError(`the service did not answer the first authorization (${auth.error.code}: ${auth.error.message}); is it running at ${o.world.core}?`);
    }
    const authFindings = judgeAuthorized(auth, { reference: ref('a'), provider, amount: AMOUNT, currency: CURRENCY });
    record('authorize', authFindings);
    const a = auth.type === 'ok' && authFindings.length === 0 ? auth.value : undefined;
    if (!a) {
      for (const p of ['get', 'list', 'capture', 'refund', 'second_refund'] as const) skip(p, 'no authorized payment to build on (see authorize)');
    } else {
      const g = await call('get', () => driver.get(a.paymentId));
      record('get', g.type === 'ok' ? sameView(a, g.value) : [`get: ${describeNotOk(g)} for a payment the service just authorized (${a.paymentId}); get must return ok with the payment`]);
      let listed: PaymentObservation[] | undefined;
      let listError: string | undefined;
      try {
        listed = await driver.list();
      } catch (err) {
        listError = (err as Error).message;
      }
      const entry = listed?.find((p) => p.paymentId === a.paymentId);
      record(
        'list',
        listError !== undefined
          ? [`list(): threw (${listError}); list() must return every payment the service knows, the final view the checkers compare with the PSP`]
          : !entry
            ? [`list(): payment ${a.paymentId} (reference ${a.reference}) is not among the ${listed!.length} payments returned; list() must return every payment the service knows (paging through all of them if your API pages), or the checkers will call its money at the PSP an orphan`]
            : entry.reference !== a.reference
              ? [`list(): payment ${a.paymentId} is listed with reference '${entry.reference}', get says '${a.reference}'`]
              : [],
      );

      // full capture, then refunds on it
      let captured: PaymentObservation | undefined;
      if (!declared('capture')) skip('capture', 'capture is not declared in capabilities.operations');
      else {
        const c = await call('capture', () => driver.capture(a.paymentId, undefined, `${ref('a')}-capture`));
        const f = moneyStepFindings('capture', c, ['captured'], `a full capture of ${money(AMOUNT)}`);
        const v = f.length ? undefined : await settle(a.paymentId, (x) => x.amounts.captured === AMOUNT, c.type === 'ok' ? c.value : undefined);
        if (!f.length) f.push(...judgeSettled('capture', v, { captured: AMOUNT }, ['captured'], `a full capture of ${money(AMOUNT)}`, settleMs));
        record('capture', f);
        if (!f.length) captured = v;
      }
      if (!declared('refund')) {
        skip('refund', 'refund is not declared in capabilities.operations');
        skip('second_refund', 'refund is not declared');
      } else if (!captured) {
        skip('refund', 'no captured payment to refund (capture not declared or it did not conform)');
        skip('second_refund', declared('partial_refund') && declared('multiple_refunds') ? 'no captured payment to refund' : 'multiple_refunds (with partial_refund) is not declared');
      } else {
        const partial = declared('partial_refund');
        const first = partial ? FIRST_REFUND : AMOUNT;
        const r = await call('refund', () => driver.refund(captured.paymentId, partial ? FIRST_REFUND : undefined, `${ref('a')}-refund-1`));
        const f = moneyStepFindings('refund', r, partial ? ['partially_refunded'] : ['refunded'], partial ? 'a partial refund' : 'a full refund');
        const v = f.length ? undefined : await settle(captured.paymentId, (x) => x.amounts.refunded === first, r.type === 'ok' ? r.value : undefined);
        if (!f.length) f.push(...judgeSettled('refund', v, { captured: AMOUNT, refunded: first }, partial ? ['partially_refunded'] : ['refunded'], partial ? `a partial refund of ${money(first)} of ${money(AMOUNT)} captured` : `a full refund of ${money(AMOUNT)}`, settleMs));
        record('refund', f);
        if (!partial || !declared('multiple_refunds')) skip('second_refund', 'multiple_refunds (with partial_refund) is not declared');
        else if (f.length) skip('second_refund', 'the first refund did not conform');
        else {
          const total = FIRST_REFUND + SECOND_REFUND;
          const r2 = await call('refund', () => driver.refund(captured.paymentId, SECOND_REFUND, `${ref('a')}-refund-2`));
          const f2 = moneyStepFindings('second refund', r2, ['partially_refunded'], 'a second partial refund');
          const v2 = f2.length ? undefined : await settle(captured.paymentId, (x) => x.amounts.refunded === total, r2.type === 'ok' ? r2.value : undefined);
          if (!f2.length) f2.push(...judgeSettled('second refund', v2, { captured: AMOUNT, refunded: total }, ['partially_refunded'], `two refunds of ${money(FIRST_REFUND)} and ${money(SECOND_REFUND)}: refunded is cumulative`, settleMs));
          record('second_refund', f2);
        }
      }
    }

    // partial capture on a fresh authorization
    if (!declared('partial_capture')) skip('partial_capture', 'partial_capture is not declared in capabilities.operations');
    else {
      const b = await freshAuthorization('b');
      // A fresh authorization that does not conform is a mismatch of this probe, never a quiet skip.
      if (!b.view) record('partial_capture', b.findings.map((f) => `partial capture, authorizing first: ${f}`));
      else {
        const id = b.view.paymentId;
        const c = await call('capture', () => driver.capture(id, PARTIAL_CAPTURE, `${ref('b')}-capture`));
        const f = moneyStepFindings('partial capture', c, ['partially_captured', 'captured'], `a capture of ${money(PARTIAL_CAPTURE)} of ${money(AMOUNT)}`);
        const v = f.length ? undefined : await settle(id, (x) => x.amounts.captured === PARTIAL_CAPTURE, c.type === 'ok' ? c.value : undefined);
        // Stripe releases the rest of a partially captured authorization, so `captured` is as honest as `partially_captured`.
        if (!f.length) f.push(...judgeSettled('partial capture', v, { captured: PARTIAL_CAPTURE }, ['partially_captured', 'captured'], `a capture of ${money(PARTIAL_CAPTURE)} of ${money(AMOUNT)}`, settleMs));
        record('partial_capture', f);
      }
    }

    // void on a fresh authorization
    if (!declared('void')) skip('void', 'void is not declared in capabilities.operations');
    else {
      const c0 = await freshAuthorization('c');
      if (!c0.view) record('void', c0.findings.map((f) => `void, authorizing first: ${f}`));
      else {
        const id = c0.view.paymentId;
        const c = await call('void', () => driver.void(id, `${ref('c')}-void`));
        const f = moneyStepFindings('void', c, ['voided'], 'a void of an uncaptured authorization');
        const v = f.length ? undefined : await settle(id, (x) => x.status === 'voided', c.type === 'ok' ? c.value : undefined);
        if (!f.length) f.push(...judgeSettled('void', v, { captured: 0 }, ['voided'], 'a void (cancel) of an uncaptured authorization', settleMs));
        record('void', f);
      }
    }

    // an issuer decline
    {
      const d = await authorize('d', cards.decline);
      record('decline', judgeDecline(d, ref('d'), cards.decline));
    }

    // a timeout after commit: the PSP authorized, the answer never arrived
    await timeoutProbe();

    async function timeoutProbe(): Promise<void> {
      const reference = ref('t');
      const ruleId = `gauntlet-driver-check-${runTag}-${provider}`;
      let completion: Completion;
      let applied: number;
      try {
        await control.addPspFault(provider, { id: ruleId, description: 'gauntlet driver check: timeout after commit', match: { operation: CREATE_OPERATION[provider] }, times: 1, effect: { type: 'timeout_after_commit', hangMs: HANG_MS } });
      } catch (err) {
        throw new DriverCheckError(`could not add the timeout fault through the ${provider} simulator's control API: ${(err as Error).message}`);
      }
      try {
        completion = await authorize('t', cards.approve);
        applied = await appliedCount(o.world, provider, ruleId);
      } finally {
        await control.removePspFault(provider, ruleId).catch((err: Error) => log(`could not remove fault rule ${ruleId}: ${err.message}`));
      }
      if (applied === 0) {
        results.push({ provider, probe: 'timeout', outcome: 'mismatch', findings: [`timeout: the fault never hit: the service did not call ${CREATE_OPERATION[provider]} at the ${provider} simulator for this authorization (or other traffic took the one timeout first); the probe proves nothing, so it is not a pass`] });
        return;
      }
      const findings: string[] = [];
      let note: string | undefined;
      if (completion.type === 'fail') {
        findings.push(`timeout: reported as a definite failure (fail kind '${completion.error.kind}', code '${completion.error.code}'), but the PSP authorized the payment and only its answer was lost; an answer that never came must be info (indeterminate) or ok with status 'unknown', never fail: fail tells the checkers nothing happened`);
      } else if (completion.type === 'ok') {
        const s = completion.value.status;
        if (s === 'authorized') note = 'the service resolved the lost answer itself (a retry with the same PSP idempotency key) and reported authorized';
        else if (!OPEN.includes(s)) findings.push(statusFinding('timeout', s, [...OPEN, 'authorized'], 'an authorization whose PSP answer was lost is not known to have failed'));
      }
      if (!findings.length) {
        if (caps.reconcile && driver.reconcile) {
          try {
            await driver.reconcile();
          } catch (err) {
            findings.push(`timeout: reconcile() threw (${(err as Error).message}) while resolving the payment whose answer was lost`);
          }
        }
        const id = completion.type === 'ok' ? completion.value.paymentId : await findByReference(driver, reference);
        if (!id) findings.push(`timeout: after the answer was lost${caps.reconcile ? ' and reconcile() ran' : ''}, no payment with reference '${reference}' is in list(); the PSP holds its authorization, so the service must know it`);
        else {
          const until = Date.now() + settleMs;
          let v: PaymentObservation | undefined;
          let nextReconcile = Date.now() + 2_000;
          for (;;) {
            const g = await call('get', () => driver.get(id));
            if (g.type === 'ok') v = g.value;
            if (v && (v.status === 'authorized' || !isStatus(v.status))) break;
            if (Date.now() >= until) break;
            if (caps.reconcile && driver.reconcile && Date.now() >= nextReconcile) {
              await driver.reconcile().catch(() => undefined);
              nextReconcile = Date.now() + 2_000;
            }
            await sleep(250);
          }
          if (!v) findings.push(`timeout: get(${id}) never returned ok while the payment should be resolving`);
          else {
            if (v.status !== 'authorized') findings.push(statusFinding('timeout', v.status, ['authorized'], `the PSP authorized it; once the fault is gone${caps.reconcile ? ' and reconcile() ran' : ''} the payment must end authorized (waited ${Math.round(settleMs / 1000)} s)`));
            else if (v.amounts.authorized !== AMOUNT) findings.push(`timeout: the payment ended authorized but amounts.authorized is ${v.amounts.authorized}, not ${AMOUNT} (minor units)`);
          }
        }
      }
      results.push({ provider, probe: 'timeout', outcome: findings.length ? 'mismatch' : 'pass', findings, ...(note ? { note } : {}) });
      log(`${provider} timeout: ${findings.length ? 'mismatch' : 'pass'}`);
    }
  }

  return { driver: driver.name, runTag, providers: [...caps.providers], verdict: results.some((r) => r.outcome === 'mismatch') ? 'mismatch' : 'conform', probes: results };
}

async function findByReference(driver: Driver, reference: string): Promise<string | undefined> {
  try {
    return (await driver.list()).find((p) => p.reference === reference)?.paymentId;
  } catch {
    return undefined;
  }
}

async function appliedCount(world: LiveWorldDescription, provider: ProviderName, ruleId: string): Promise<number> {
  const headers: Record<string, string> = world.control?.token ? { authorization: `Bearer ${world.control.token}` } : {};
  const res = await fetch(`${world.simulators[provider]}/__gauntlet/faults`, { headers, signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new DriverCheckError(`GET ${world.simulators[provider]}/__gauntlet/faults: HTTP ${res.status}`);
  const body = (await res.json()) as { rules?: { id: string; applied: number }[] };
  return body.rules?.find((r) => r.id === ruleId)?.applied ?? 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

