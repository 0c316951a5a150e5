// The harness's state machine, judged from the domain rather than against the core's table.
import { describe, expect, it } from 'vitest';
import { STATUSES, canTransition, isStatus, isTerminal, reachable, type PaymentStatus } from './statuses.ts';

describe('the reference state machine', () => {
  it('staying put is always legal', () => {
    for (const s of STATUSES) expect(canTransition(s, s)).toBe(true);
  });

  it('is forward-only: no two distinct statuses reach each other', () => {
    for (const a of STATUSES) for (const b of STATUSES) if (a !== b) expect(reachable(a, b) && reachable(b, a), `${a} ⇄ ${b}`).toBe(false);
  });

  it('ends in voided, declined, failed or disputed and nowhere else', () => {
    expect(STATUSES.filter(isTerminal).sort()).toEqual(['declined', 'disputed', 'failed', 'voided']);
  });

  it.each<[PaymentStatus, PaymentStatus]>([
    ['authorizing', 'unknown'],
    ['unknown', 'captured'],
    ['unknown', 'voided'],
    ['authorized', 'voided'],
    ['captured', 'partially_refunded'],
    ['refunded', 'disputed'],
  ])('%s → %s is one step', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each<[PaymentStatus, PaymentStatus]>([
    ['captured', 'authorized'],
    ['captured', 'voided'],
    ['refunded', 'captured'],
    ['voided', 'captured'],
    ['declined', 'authorized'],
    ['disputed', 'refunded'],
    ['partially_refunded', 'partially_captured'],
  ])('%s → %s is not a path at all', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(reachable(from, to)).toBe(false);
  });

  it('reaches further than one step: authorizing reaches refunded and disputed', () => {
    expect(canTransition('authorizing', 'refunded')).toBe(false);
    expect(reachable('authorizing', 'refunded')).toBe(true);
    expect(reachable('authorizing', 'disputed')).toBe(true);
  });

  it('knows only its own statuses', () => {
    expect(isStatus('captured')).toBe(true);
    for (const s of ['succeeded', 'Captured', '', 'constructor']) expect(isStatus(s)).toBe(false);
  });
});
