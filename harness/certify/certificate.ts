// The certificate: what `gauntlet certify` found, as data. Deterministic for a given adapter,
// dialect and seed, except `issuedAt`, which the caller passes in (library code reads no clock).
// Written by write-certificate.ts as reports/out/certificate.json (redacted) beside the HTML page.
import type { ProviderName } from '../../core/index.ts';
import type { CapabilityId, CapabilityResult } from './capabilities.ts';
import type { FaultClassResult, FaultClassStatus } from './fault-classes.ts';
import type { ExplorationResult } from './exploration.ts';

export type Verdict = 'certified' | 'not_certified' | 'incomplete';

export interface Certificate {
  kind: 'gauntlet-adapter-certificate';
  version: 1;
  /** The adapter module as given on the command line. */
  adapter: string;
  dialect: ProviderName;
  seed: number;
  issuedAt: string;
  /**
   * `certified`: every capability and every applicable fault class passed the whole battery.
   * `not_certified`: one of them failed. `incomplete`: what ran passed, but the battery was
   * narrowed, or a fault class was vacuous (it did not exercise what it targets). Exploration violations are reported in `reason`, not counted (see verdictOf).
   */
  verdict: Verdict;
  /** Why the verdict is what it is, in one paragraph. */
  reason: string;
  /** The pass/fail matrix, one cell per capability and per fault class. */
  matrix: { capabilities: Record<string, 'pass' | 'fail'>; faultClasses: Record<string, FaultClassStatus> };
  capabilities: CapabilityResult[];
  faultClasses: FaultClassResult[];
  /** Drills of the catalogue left out by --drills (the certificate is then incomplete). */
  omitted: string[];
  exploration: ExplorationResult | null;
  /** The command that runs the same battery again, with the same seed. */
  rerun: string;
}

/**
 * The verdict counts capabilities and fault classes only. The exploration's generated workloads
 * also exercise the core and the other dialect's built-in adapter, so its violations are reported
 * beside the verdict (in the reason, and in full in the certificate), not folded into it.
 */
export function verdictOf(c: Pick<Certificate, 'capabilities' | 'faultClasses' | 'omitted' | 'exploration'>): { verdict: Verdict; reason: string } {
  const failedCaps = c.capabilities.filter((x) => !x.passed).map((x) => x.id);
  const failedDrills = c.faultClasses.filter((x) => x.status === 'fail').map((x) => x.drill);
  const found = c.exploration?.violations.length ?? 0;
  const note = found ? ` The exploration found ${found} violation(s) (reported, not part of the verdict): read them before shipping.` : '';
  if (failedCaps.length || failedDrills.length) {
    const parts = [...(failedCaps.length ? [`capabilities failed: ${failedCaps.join(', ')}`] : []), ...(failedDrills.length ? [`fault classes failed: ${failedDrills.join(', ')}`] : [])];
    return { verdict: 'not_certified', reason: `${parts.join('; ')}.${note}` };
  }
  const vacuous = c.faultClasses.filter((x) => x.status === 'vacuous').map((x) => x.drill);
  if (vacuous.length) return { verdict: 'incomplete', reason: `everything that ran passed, but ${vacuous.length} fault class(es) proved nothing about this adapter (${vacuous.join(', ')}: a fault never fired or a targeted operation never reached the PSP).${note}` };
  if (c.omitted.length) return { verdict: 'incomplete', reason: `everything that ran passed, but ${c.omitted.length} fault class(es) were left out (${c.omitted.join(', ')}): a certificate needs the whole battery.${note}` };
  const applicable = c.faultClasses.filter((x) => x.status === 'pass').length;
  return { verdict: 'certified', reason: `all ${c.capabilities.length} capabilities and all ${applicable} applicable fault classes passed.${note}` };
}

export function matrixOf(capabilities: CapabilityResult[], faultClasses: FaultClassResult[]): Certificate['matrix'] {
  return {
    capabilities: Object.fromEntries(capabilities.map((c) => [c.id satisfies CapabilityId, c.passed ? 'pass' : 'fail'])),
    faultClasses: Object.fromEntries(faultClasses.map((f) => [f.drill, f.status])),
  };
}
