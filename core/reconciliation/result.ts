// What one reconciliation run answers (POST /v1/reconciliation/run).
import type { ResolveReport } from './resolve.ts';
import type { Discrepancy } from './settlement.ts';

export interface ReconciliationResult {
  runId: string;
  resolved: ResolveReport;
  appliedWebhooks: number;
  date: string | null;
  discrepancies: Discrepancy[];
  /** Webhook events parked for a human (GET /v1/webhooks/dead-letters), by state. */
  parkedWebhooks: { dead_letter: number; orphan: number };
}
