import { describe, expect, it } from 'vitest';
import { reachable } from '../../spec/index.ts';
import { legalHistory } from './legal-history.ts';
import { RunBuilder, cleanRun, observation } from './test-support.ts';

const authorized = observation({ reference: 'p', status: 'authorized', providerPaymentId: 'pi_p', amounts: { authorized: 1000, captured: 0, refunded: 0 } });
const captured = { ...authorized, status: 'captured', amounts: { authorized: 1000, captured: 1000, refunded: 0 } };
const refunded = { ...captured, status: 'refunded', amounts: { authorized: 1000, captured: 1000, refunded: 1000 } };

describe('legal-history', () => {
  it('passes a clean run, own histories included', () => {
    const run = cleanRun().builder.build();
    expect(run.final.every((o) => (o.history?.length ?? 0) >= 2)).toBe(true);
    expect(legalHistory(run)).toEqual({ invariant: 'legal-history', valid: true, violations: [] });
  });

  it('catches a status going backwards between two reads, naming both', () => {
    const b = new RunBuilder();
    b.op('p', 'authorize', {}, { type: 'ok', value: authorized });
    b.op('p', 'capture', {}, { type: 'ok', value: captured });
    b.op('p', 'get', {}, { type: 'ok', value: authorized }); // state regression on an out-of-order webhook
    b.view(captured);
    const r = legalHistory(b.build());
    expect(r.valid).toBe(false);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]).toMatchObject({ invariant: 'legal-history', paymentId: 'p' });
    expect(r.violations[0]!.explanation).toBe(
      'payment p (pay_p) went backwards: the SUT reported `captured` (capture ok at #3) and later `authorized` (get ok at #5); captured → authorized is not a path of the state machine.',
    );
    expect(r.violations[0]!.timeline.map((e) => e.index)).toEqual([2, 3, 4, 5]);
  });

  it('catches a final status behind an earlier read', () => {
    const b = new RunBuilder();
    b.op('p', 'refund', {}, { type: 'ok', value: refunded });
    b.view(captured);
    const r = legalHistory(b.build());
    expect(r.violations.map((v) => v.explanation)).toEqual([
      'payment p (pay_p) went backwards: the SUT reported `refunded` (refund ok at #1) and later `captured` in its final view; refunded → captured is not a path of the state machine.',
    ]);
  });

  it('catches a terminal decline that later reads as authorized (fail completions are reads too)', () => {
    const b = new RunBuilder();
    b.op('p', 'authorize', {}, { type: 'fail', error: { kind: 'decline', code: 'card_declined', message: 'no' }, value: { ...authorized, status: 'declined' } });
    b.view(authorized);
    expect(legalHistory(b.build()).violations[0]!.explanation).toContain('declined → authorized is not a path');
  });

  it('lets reads skip states nobody saw, and ignores info completions', () => {
    const b = new RunBuilder();
    b.op('p', 'authorize', {}, { type: 'ok', value: { ...authorized, status: 'unknown' } });
    b.op('p', 'capture', {}, { type: 'info', error: { kind: 'network', code: 'timeout', message: 't' } });
    b.op('p', 'get', {}, { type: 'ok', value: refunded });
    b.view({ ...refunded, status: 'disputed' });
    expect(legalHistory(b.build()).valid).toBe(true);
  });

  it('does not order overlapping reads (concurrent operations may linearize either way)', () => {
    const b = new RunBuilder();
    const cap = b.invoke('p', 'capture', {}, 1);
    const get = b.invoke('p', 'get', {}, 2);
    b.ok(cap, captured);
    b.ok(get, authorized); // read before the capture took effect, answered after it
    b.view(captured);
    expect(legalHistory(b.build()).valid).toBe(true);
  });

  it("reads a merchant retry's answer as of the first request with its key (an idempotent replay)", () => {
    const b = new RunBuilder();
    const pending = { ...authorized, provider: 'adyen' }; // Adyen capture: received, not yet settled
    b.op('p', 'capture', { idempotencyKey: 'cap-1' }, { type: 'ok', value: pending });
    b.op('p', 'get', {}, { type: 'ok', value: { ...captured, status: 'partially_captured' } });
    b.op('p', 'capture', { idempotencyKey: 'cap-1', retry: true }, { type: 'ok', value: pending }); // the saved response
    b.view({ ...captured, status: 'partially_captured' });
    expect(legalHistory(b.build()).valid).toBe(true);

    // With a new key it is a fresh answer, and a regression.
    const c = new RunBuilder();
    c.op('p', 'capture', { idempotencyKey: 'cap-1' }, { type: 'ok', value: pending });
    c.op('p', 'get', {}, { type: 'ok', value: { ...captured, status: 'partially_captured' } });
    c.op('p', 'capture', { idempotencyKey: 'cap-2' }, { type: 'ok', value: pending });
    c.view({ ...captured, status: 'partially_captured' });
    expect(legalHistory(c.build()).violations[0]!.explanation).toContain('partially_captured → authorized');
  });

  it('separates two SUT payments that share a reference', () => {
    const b = new RunBuilder();
    b.op('p', 'capture', {}, { type: 'ok', value: captured });
    b.op('p', 'authorize', {}, { type: 'ok', value: { ...authorized, paymentId: 'pay_other' } });
    b.view(captured);
    b.view({ ...authorized, paymentId: 'pay_other' });
    expect(legalHistory(b.build()).valid).toBe(true);
  });

  it("checks the SUT's own history edge by edge", () => {
    const b = new RunBuilder();
    b.view({ ...captured, history: ['authorizing', 'authorized', 'voided', 'captured'] });
    expect(legalHistory(b.build()).violations.map((v) => v.explanation)).toEqual([
      'payment p (pay_p) records voided → captured in its own history (authorizing → authorized → voided → captured); that is not a transition of the state machine.',
    ]);

    // One edge at a time: authorizing → refunded skips states the history claims to list in full.
    const c = new RunBuilder();
    c.view({ ...refunded, history: ['authorizing', 'refunded'] });
    expect(legalHistory(c.build()).violations[0]!.explanation).toContain('authorizing → refunded');
  });

  it('says unknown, with a note, for statuses outside the state machine', () => {
    const b = new RunBuilder();
    b.op('p', 'authorize', {}, { type: 'ok', value: { ...authorized, status: 'requires_capture' } });
    b.view({ ...authorized, status: 'succeeded' });
    expect(legalHistory(b.build())).toEqual({
      invariant: 'legal-history',
      valid: 'unknown',
      note: 'the SUT reported statuses outside the reference state machine (requires_capture, succeeded); those payments were not judged',
      violations: [],
    });
  });

  it('reachability follows the state machine forward only', () => {
    expect(reachable('authorizing', 'refunded')).toBe(true);
    expect(reachable('unknown', 'voided')).toBe(true);
    expect(reachable('captured', 'captured')).toBe(true);
    expect(reachable('captured', 'authorized')).toBe(false);
    expect(reachable('failed', 'authorizing')).toBe(false);
    expect(reachable('voided', 'captured')).toBe(false);
  });
});
