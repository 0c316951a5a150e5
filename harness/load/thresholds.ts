// The load's pass/fail lines, k6-style thresholds evaluated by Gauntlet on what it measured from
// the history (not on vegeta's own figures, so the numbers are the same ones the KPIs print).
import type { DrillKpis } from '../drill/kpis.ts';

export interface ThresholdLimits {
  /** Latency p95 of the merchant calls, ms (default 2000). */
  p95Ms: number;
  /** Platform-caused errors (info, or fail/platform; issuer declines excluded) / requests (default 0.05). */
  maxPlatformErrorRate: number;
}

export const DEFAULT_LIMITS: ThresholdLimits = { p95Ms: 2000, maxPlatformErrorRate: 0.05 };

export interface ThresholdResult {
  name: 'latency-p95' | 'platform-error-rate';
  limit: number;
  /** Null when nothing was measured: no request completed. */
  measured: number | null;
  ok: boolean;
}

/** Each threshold against the KPIs. Nothing measured fails: a load that delivered nothing proved nothing. */
export function judgeThresholds(k: DrillKpis, limits: ThresholdLimits): ThresholdResult[] {
  const p95 = k.latencyMs.p95;
  const rate = k.operations > 0 ? k.platformFailureRate : null;
  return [
    { name: 'latency-p95', limit: limits.p95Ms, measured: p95, ok: p95 !== null && p95 <= limits.p95Ms },
    { name: 'platform-error-rate', limit: limits.maxPlatformErrorRate, measured: rate, ok: rate !== null && rate <= limits.maxPlatformErrorRate },
  ];
}
