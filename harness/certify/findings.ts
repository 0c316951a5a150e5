// How a capability check says what it saw: a list of facts that held and of failures, each one
// sentence a team can act on. A scenario that throws (the harness could not even drive it) is a
// failure with the error, never a pass.
import type { PaymentView } from '../../core/index.ts';
import type { Movement } from '../../simulators/index.ts';
import { AdapterModuleError } from './adapter-module.ts';
import type { Answer, Probe } from './probe.ts';
import { count, describeLedger, total } from './probe.ts';

export class Findings {
  readonly facts: string[] = [];
  readonly failures: string[] = [];

  /** Records `fact` when `ok`, `failure` otherwise; returns `ok` so a scenario can stop when a step it needs failed. */
  expect(ok: boolean, fact: string, failure: string): boolean {
    (ok ? this.facts : this.failures).push(ok ? fact : failure);
    return ok;
  }

  /** An answer that carries a payment, or a failure naming what came back instead. */
  answered(a: Answer, what: string): a is Answer & { payment: PaymentView } {
    return this.expect(a.payment !== undefined, `${what}: HTTP ${a.status}, status ${a.payment?.status}`, `${what}: HTTP ${a.status} ${a.error ? `${a.error.type}/${a.error.code}: ${a.error.message}` : 'without a payment'}`);
  }

  /** The core's amounts equal what the PSP's ledger moved for this payment. */
  agrees(view: PaymentView, ledger: readonly Movement[]): boolean {
    const psp = { authorized: total(ledger, 'authorization'), captured: total(ledger, 'capture'), refunded: total(ledger, 'refund') };
    const core = view.amounts;
    const ok = core.authorized === psp.authorized && core.captured === psp.captured && core.refunded === psp.refunded && (count(ledger, 'void') > 0) === (view.status === 'voided');
    return this.expect(
      ok,
      `the core and the PSP's ledger agree (${describeLedger(ledger)})`,
      `the core says ${view.status} (authorized ${core.authorized}, captured ${core.captured}, refunded ${core.refunded}) but the PSP's ledger has ${describeLedger(ledger)}`,
    );
  }
}

export interface ScenarioResult {
  name: string;
  ok: boolean;
  facts: string[];
  failures: string[];
}

export interface Scenario {
  name: string;
  run(p: Probe, f: Findings): Promise<void>;
}

export async function runScenario(s: Scenario, open: () => Promise<Probe>): Promise<ScenarioResult> {
  const f = new Findings();
  try {
    await s.run(await open(), f);
  } catch (err) {
    // An adapter that cannot even be built is a setup error for the whole battery, not a finding.
    if (err instanceof AdapterModuleError) throw err;
    f.failures.push(`the scenario could not finish: ${(err as Error).message}`);
  }
  return { name: s.name, ok: f.failures.length === 0, facts: f.facts, failures: f.failures };
}

/** The statuses a payment went through, oldest first (from the core's history). */
export function statuses(view: PaymentView): string[] {
  return view.history.map((h) => h.to);
}
