// How an operation ended, as a payments engineer reads it: an answer the SUT gave on purpose is
// the SUT working (an issuer decline it reported as one, a request it refused as illegal, e.g. a
// refund above what was captured: a 4xx by design), and is kept apart from a platform failure (a
// 5xx, a payment the SUT itself marks failed) and from an indeterminate end (timeout, connection
// lost, a payment left unknown). The driver's ok / fail / info says whether it happened; this says
// whose doing it was. One classification for the timeline, the tables and the legend, so the three
// cannot disagree; it follows the KPIs' rules (harness/drill/kpis.ts): a 2xx carrying status
// failed / unknown counts against the platform, a 2xx carrying status declined is a decline.
import type { Completion } from '../harness/index.ts';

export type Outcome = 'ok' | 'declined' | 'refused' | 'failed' | 'indeterminate' | 'pending';

/** The SUT working (it said no on purpose) versus the platform failing. */
export const SUT_ANSWERS: readonly Outcome[] = ['declined', 'refused'];
export const PLATFORM_FAULTS: readonly Outcome[] = ['failed', 'indeterminate'];

/**
 * One colour a class. The SUT's deliberate answers are blues (cool: the system doing its job),
 * never the red of a platform failure, the amber of an indeterminate end or the green of an ok; a
 * decline is a lighter blue than a refusal, so both read as "the SUT said no" and still tell the
 * issuer's no from the SUT's own.
 */
export const OUTCOME_COLOUR: Record<Outcome, string> = {
  ok: '#2e7d32',
  declined: '#29b6f6',
  refused: '#3949ab',
  failed: '#c62828',
  indeterminate: '#ef8f00',
  pending: '#9e9e9e',
};

/** What a reader sees in a legend or a column heading. */
export const OUTCOME_LABEL: Record<Outcome, string> = {
  ok: 'ok',
  declined: 'declined by the issuer',
  refused: 'refused by the SUT',
  failed: 'platform failure',
  indeterminate: 'indeterminate',
  pending: 'no completion',
};

/** Why each class is what it is, for the legend's tooltip and the table's footnote. */
export const OUTCOME_MEANING: Record<Outcome, string> = {
  ok: 'the operation happened',
  declined: "the SUT reported the issuer's decline as a decline: the SUT working, not a failure",
  refused: 'the SUT refused it as illegal or unsupported (a 4xx on purpose, e.g. a refund above the captured amount): the SUT working; it never reached a PSP',
  failed: 'a platform failure: a 5xx, or a payment the SUT marks failed',
  indeterminate: 'a timeout, a lost connection, or a payment left unknown: the money may or may not have moved',
  pending: 'the run ended before the operation completed',
};

const LEFT_OPEN = new Set(['unknown', 'authorizing']);

export function outcomeOf(c: Completion | undefined): Outcome {
  if (!c) return 'pending';
  if (c.type === 'info') return 'indeterminate';
  if (c.type === 'fail') {
    if (c.error.kind === 'decline') return 'declined';
    if (c.error.kind === 'invalid') return 'refused';
    return 'failed';
  }
  const status = c.value.status;
  if (status === 'declined') return 'declined';
  if (status === 'failed') return 'failed';
  if (LEFT_OPEN.has(status)) return 'indeterminate';
  return 'ok';
}

/** `refused amount_too_large`, `platform failure boom`: the class and the SUT's own code or status. */
export function outcomeWords(c: Completion | undefined): string {
  const o = outcomeOf(c);
  if (!c) return OUTCOME_LABEL.pending;
  const detail = c.type === 'ok' ? `status ${c.value.status}` : `${c.error.kind}/${c.error.code}`;
  return `${OUTCOME_LABEL[o]} (${c.type}, ${detail})`;
}
