// MUTANT settlement-refunds-ignored: the settlement report is read without its refund lines, so
// reconciliation compares the core's net (captured less refunded) with the PSP's gross captures and
// reports a mismatch for every payment refunded that day. A seam: the core's reconciliation is the
// correct code; only the report it reads is narrowed.
import type { SettlementSource } from '../reconciliation/settlement.ts';
import type { MutantName } from './catalogue.ts';

export function mutantSettlementSource(source: SettlementSource, mutant: MutantName | undefined): SettlementSource {
  if (mutant !== 'settlement-refunds-ignored') return source;
  return async (provider, date) => (await source(provider, date)).filter((line) => line.type !== 'refund');
}
