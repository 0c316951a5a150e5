// What a drill needs of a world, so one runner serves both: the simulation world (virtual time,
// in process) and the live world (real processes, Toxiproxy, SIGKILL).
import type { DrillFault, World } from '../../scenarios/index.ts';
import type { Driver } from '../driver/types.ts';
import type { HistoryRecorder } from '../history/index.ts';
import type { LedgerMovement } from '../history/types.ts';

export interface ActiveFault {
  description: string;
  heal(): Promise<void>;
  /** A data fault (a wrong settlement file): it stays until the drill is judged, not healed before. */
  untilJudged?: boolean;
  /**
   * How many requests, deliveries, connections or reports the fault touched so far, read just
   * before it heals; absent when this world cannot count it (the runner then counts the SUT's
   * operations in the fault's window from the history).
   */
  hits?(): Promise<number>;
  /** What `hits` counts, in words: "requests", "deliveries", "settlement reports"... */
  unit?: string;
}

export interface DrillWorld {
  readonly kind: World;
  readonly driver: Driver;
  /** The SUT's merchant API base URL (load generators aim at it; in process in the simulation world). */
  readonly sutUrl: string;
  readonly history: HistoryRecorder;
  /**
   * Part of every merchant reference and Idempotency-Key of a run: empty in the simulation world
   * (a fresh world each run, and determinism), unique per run in the live world, where the SUT
   * may keep earlier runs' payments and keys.
   */
  readonly runTag: string;
  /** The harness owns the SUT's process: a drill may SIGKILL and restart it. */
  readonly canRestart: boolean;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Runs `work` to its end, moving time as it needs (virtual time in the simulation world). */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Starts a fault; what this world cannot do comes back as the reason, and nothing is faked. */
  startFault(fault: DrillFault): Promise<ActiveFault | { unsupported: string }>;
  /** Liveness: deliver what webhooks are due or retried, let the SUT apply them and reconcile. */
  settle(): Promise<void>;
  ledger(): Promise<LedgerMovement[]>;
  /** The SUT's own webhook lag p95, when it reports one. */
  webhookLagP95Ms(): Promise<number | null>;
  /**
   * Requests that came back to a PSP before the Retry-After its 429 asked for had passed
   * (harness/checker/retry-after.ts, over the simulators' request logs since the drill began).
   */
  earlyRetries(): Promise<number>;
  close(): Promise<void>;
}
