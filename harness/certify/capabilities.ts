// The capability half of the battery: what an adapter must do on a good day (authorize, capture,
// partial capture, refund, void) and what it alone decides on a bad one (webhook verification and
// parsing, error classification). Each scenario runs in a fresh simulation world, so one failure
// cannot leak into the next check's state.
import type { Store, ProviderName } from '../../core/index.ts';
import type { AdapterFactory } from '../worlds/adapter-env.ts';
import { ERROR_MAPPING } from './error-scenarios.ts';
import { runScenario, type Scenario, type ScenarioResult } from './findings.ts';
import { AUTHORIZE, CAPTURE, PARTIAL_CAPTURE, REFUND, VOID } from './money-scenarios.ts';
import { openProbe } from './probe.ts';
import { WEBHOOKS } from './webhook-scenarios.ts';

export const CAPABILITY_IDS = ['authorize', 'capture', 'partial_capture', 'refund', 'void', 'webhooks', 'error_mapping'] as const;
export type CapabilityId = (typeof CAPABILITY_IDS)[number];

export const CAPABILITIES: Readonly<Record<CapabilityId, { title: string; scenarios: Scenario[] }>> = {
  authorize: { title: 'Authorize', scenarios: AUTHORIZE },
  capture: { title: 'Capture (full)', scenarios: CAPTURE },
  partial_capture: { title: 'Partial capture', scenarios: PARTIAL_CAPTURE },
  refund: { title: 'Refund (partial, then full)', scenarios: REFUND },
  void: { title: 'Void', scenarios: VOID },
  webhooks: { title: 'Webhooks (verify, parse, dedupe)', scenarios: WEBHOOKS },
  error_mapping: { title: 'Error mapping', scenarios: ERROR_MAPPING },
};

export interface CapabilityResult {
  id: CapabilityId;
  title: string;
  passed: boolean;
  /** One paragraph: what failed, or what held. */
  explanation: string;
  scenarios: ScenarioResult[];
}

export interface CapabilityRun {
  seed: number;
  store: Store;
  dialect: ProviderName;
  factory: AdapterFactory;
  onScenario?: (capability: CapabilityId, result: ScenarioResult) => void;
}

export async function runCapability(id: CapabilityId, o: CapabilityRun): Promise<CapabilityResult> {
  const { title, scenarios } = CAPABILITIES[id];
  const results: ScenarioResult[] = [];
  for (const s of scenarios) {
    const r = await runScenario(s, () => openProbe({ seed: o.seed, store: o.store, dialect: o.dialect, factory: o.factory }));
    o.onScenario?.(id, r);
    results.push(r);
  }
  const failed = results.filter((r) => !r.ok);
  const explanation = failed.length
    ? failed.map((r) => `${r.name}: ${r.failures.join('; ')}`).join(' | ')
    : `${results.length} scenario(s) held: ${results.map((r) => r.name).join('; ')}`;
  return { id, title, passed: failed.length === 0, explanation, scenarios: results };
}
