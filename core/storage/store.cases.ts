// The storage case suite: one behaviour, every engine. memory-store.test.ts, sql-store.pglite.test.ts
// and sql-store.postgres.test.ts each call storeCases() with their factory; a case that passes on
// one engine and fails on another is a difference a caller could observe.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseClosedError, NestedTransactionError, TransactionAbortedError, TransactionClosedError } from '../db/errors.ts';
import type { OperationRow, PaymentRow } from '../payments/types.ts';
import { CONSTRAINTS as C, SQLSTATE, type Store, type StoreTx } from './store.ts';

export function payment(id: string, over: Partial<PaymentRow> = {}): PaymentRow {
  return {
    id,
    merchant_reference: `order-${id}`,
    amount: 1000,
    currency: 'EUR',
    requested_provider: 'stripe',
    provider: 'stripe',
    payment_method: 'pm_card_visa',
    capture_mode: 'manual',
    status: 'authorizing',
    provider_payment_id: null,
    amount_authorized: 0,
    amount_captured: 0,
    amount_refunded: 0,
    reported_captured: 0,
    disputed_amount: 0,
    decline_code: null,
    failure_message: null,
    version: 0,
    created_at: 100,
    updated_at: 100,
    ...over,
  };
}

export function operation(id: string, paymentId: string, seq: number, over: Partial<OperationRow> = {}): OperationRow {
  return {
    id,
    payment_id: paymentId,
    seq,
    kind: 'authorize',
    amount: 1000,
    provider: 'stripe',
    status: 'pending',
    provider_idempotency_key: `${paymentId}-authorize-${seq}`,
    provider_reference: null,
    attempts: 0,
    last_error: null,
    created_at: 100,
    updated_at: 100,
    ...over,
  };
}

/** Resolves to the error `p` rejects with (fails the test when it resolves). */
async function failure(p: Promise<unknown>): Promise<{ code?: string; constraint?: string; name?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: string; constraint?: string };
  }
  throw new Error('expected the statement to fail');
}

export function storeCases(engine: string, open: () => Promise<Store>): void {
  describe(`storage cases on ${engine}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const total = async (): Promise<number> => Object.values(await store.dump()).reduce((n, rows) => n + rows.length, 0);

    describe('payments', () => {
      it('inserts and reads back every column, bigints as numbers', async () => {
        const p = payment('pay_1', { provider_payment_id: 'pi_1', amount: 9_007_199_254, amount_authorized: 500, amount_captured: 300, amount_refunded: 100, decline_code: 'x', failure_message: 'y' });
        await store.payments.insert(p);
        expect(await store.payments.get('pay_1')).toEqual(p);
        expect(await store.payments.get('pay_missing')).toBeUndefined();
        expect(await store.payments.findByProviderId('stripe', 'pi_1', { lock: false })).toEqual(p);
        expect(await store.payments.findByProviderId('adyen', 'pi_1')).toBeUndefined();
      });

      it('returns copies: changing a row read changes nothing stored', async () => {
        await store.payments.insert(payment('pay_1'));
        const read = (await store.payments.get('pay_1'))!;
        read.status = 'captured';
        read.amount = 1;
        expect((await store.payments.get('pay_1'))!.status).toBe('authorizing');
        const listed = await store.payments.list({ limit: 10 });
        listed[0]!.amount = 2;
        expect((await store.payments.get('pay_1'))!.amount).toBe(1000);
      });

      it('refuses a taken id and a taken (provider, provider_payment_id), with 23505 and the constraint', async () => {
        await store.payments.insert(payment('pay_1', { provider_payment_id: 'pi_1' }));
        expect(await failure(store.payments.insert(payment('pay_1')))).toMatchObject({ code: SQLSTATE.uniqueViolation, constraint: C.paymentsPkey });
        expect(await failure(store.payments.insert(payment('pay_2', { provider_payment_id: 'pi_1' })))).toMatchObject({ code: SQLSTATE.uniqueViolation, constraint: C.paymentsProviderPayment });
        // the index is partial (only non-null ids) and per provider
        await store.payments.insert(payment('pay_3'));
        await store.payments.insert(payment('pay_4'));
        await store.payments.insert(payment('pay_5', { provider: 'adyen', provider_payment_id: 'pi_1' }));
        expect((await store.payments.list({ limit: 10 })).map((p) => p.id)).toEqual(['pay_1', 'pay_3', 'pay_4', 'pay_5']);
      });

      it('enforces the amount CHECKs with 23514, on insert and on save', async () => {
        expect(await failure(store.payments.insert(payment('pay_0', { amount: 0 })))).toMatchObject({ code: SQLSTATE.checkViolation, constraint: C.paymentsAmountCheck });
        expect(await failure(store.payments.insert(payment('pay_1', { amount_authorized: 10, amount_captured: 11 })))).toMatchObject({ code: SQLSTATE.checkViolation, constraint: C.paymentsCapturedCheck });
        expect(await failure(store.payments.insert(payment('pay_1', { amount_authorized: 10, amount_captured: 5, amount_refunded: 6 })))).toMatchObject({ code: SQLSTATE.checkViolation, constraint: C.paymentsRefundedCheck });
        await store.payments.insert(payment('pay_1', { amount_authorized: 10 }));
        expect(await failure(store.payments.save(payment('pay_1', { amount_authorized: 10, amount_captured: 3, amount_refunded: 4 })))).toMatchObject({ code: SQLSTATE.checkViolation });
        expect(await store.payments.get('pay_1')).toEqual(payment('pay_1', { amount_authorized: 10 }));
        expect(await total()).toBe(1);
      });

      it('save writes the mutable columns only and bumps version from the stored one', async () => {
        await store.payments.insert(payment('pay_1', { version: 3 }));
        await store.payments.save(payment('pay_1', { amount: 5, merchant_reference: 'other', created_at: 1, status: 'authorized', provider_payment_id: 'pi_9', amount_authorized: 1000, reported_captured: 7, disputed_amount: 0, decline_code: 'd', failure_message: 'f', updated_at: 200, version: 40 }));
        expect(await store.payments.get('pay_1')).toEqual(
          payment('pay_1', { status: 'authorized', provider_payment_id: 'pi_9', amount_authorized: 1000, reported_captured: 7, decline_code: 'd', failure_message: 'f', updated_at: 200, version: 4 }),
        );
        await store.payments.save(payment('pay_nobody')); // no row: nothing happens
        expect(await store.payments.get('pay_nobody')).toBeUndefined();
        await store.payments.insert(payment('pay_2'));
        expect(await failure(store.payments.save(payment('pay_2', { provider_payment_id: 'pi_9' })))).toMatchObject({ code: SQLSTATE.uniqueViolation, constraint: C.paymentsProviderPayment });
      });

      it('switchProvider fails over without touching version or updated_at', async () => {
        await store.payments.insert(payment('pay_1', { status: 'unknown', failure_message: 'boom', version: 2 }));
        await store.payments.switchProvider('pay_1', 'adyen');
        expect(await store.payments.get('pay_1')).toEqual(payment('pay_1', { provider: 'adyen', status: 'authorizing', failure_message: null, version: 2 }));
      });

      it('lists by created_at then id, filters by status, honours the limit; counts by status', async () => {
        await store.payments.insert(payment('pay_b', { created_at: 2 }));
        await store.payments.insert(payment('pay_c', { created_at: 1, status: 'authorized', amount_authorized: 1000 }));
        await store.payments.insert(payment('pay_a', { created_at: 2 }));
        await store.payments.insert(payment('pay_d', { created_at: 3, status: 'authorized', amount_authorized: 1000 }));
        expect((await store.payments.list({ limit: 10 })).map((p) => p.id)).toEqual(['pay_c', 'pay_a', 'pay_b', 'pay_d']);
        expect((await store.payments.list({ limit: 2 })).map((p) => p.id)).toEqual(['pay_c', 'pay_a']);
        expect((await store.payments.list({ status: 'authorized', limit: 10 })).map((p) => p.id)).toEqual(['pay_c', 'pay_d']);
        expect(await store.payments.list({ status: 'voided', limit: 10 })).toEqual([]);
        expect(await store.payments.countByStatus()).toEqual({ authorizing: 2, authorized: 2 });
      });

      it('refuses text Postgres cannot hold (U+0000) and stores a lone surrogate as U+FFFD', async () => {
        expect(await failure(store.payments.insert(payment('pay_\u0000x')))).toMatchObject({ code: SQLSTATE.characterNotInRepertoire });
        await store.payments.insert(payment('pay_\ud800x'));
        expect((await store.payments.get('pay_\ufffdx'))?.id).toBe('pay_\ufffdx');
        expect(await total()).toBe(1);
      });
    });

    describe('payment events', () => {
      it('appends with seq MAX+1 per payment, lists by seq, counts', async () => {
        await store.payments.insert(payment('pay_1'));
        await store.payments.insert(payment('pay_2'));
        await store.events.insert({ payment_id: 'pay_1', seq: 1, from_status: null, to_status: 'authorizing', cause: 'api', detail: null, at: 1 });
        await store.events.append({ payment_id: 'pay_1', from_status: 'authorizing', to_status: 'authorized', cause: 'api', detail: 'd', at: 2 });
        await store.events.append({ payment_id: 'pay_2', from_status: null, to_status: 'authorizing', cause: 'webhook', detail: null, at: 3 });
        await store.events.append({ payment_id: 'pay_1', from_status: 'authorized', to_status: 'captured', cause: 'recovery', detail: null, at: 4 });
        expect(await store.events.listFor('pay_1')).toEqual([
          { payment_id: 'pay_1', seq: 1, from_status: null, to_status: 'authorizing', cause: 'api', detail: null, at: 1 },
          { payment_id: 'pay_1', seq: 2, from_status: 'authorizing', to_status: 'authorized', cause: 'api', detail: 'd', at: 2 },
          { payment_id: 'pay_1', seq: 3, from_status: 'authorized', to_status: 'captured', cause: 'recovery', detail: null, at: 4 },
        ]);
        expect((await store.events.listFor('pay_2')).map((e) => e.seq)).toEqual([1]);
        expect(await store.events.count()).toBe(4);
      });

      it('refuses a taken seq (23505) and an unknown payment (23503)', async () => {
        await store.payments.insert(payment('pay_1'));
        await store.events.insert({ payment_id: 'pay_1', seq: 1, from_status: null, to_status: 'authorizing', cause: 'api', detail: null, at: 1 });
        expect(await failure(store.events.insert({ payment_id: 'pay_1', seq: 1, from_status: null, to_status: 'authorizing', cause: 'api', detail: null, at: 1 }))).toMatchObject({
          code: SQLSTATE.uniqueViolation,
          constraint: C.paymentEventsPkey,
        });
        expect(await failure(store.events.append({ payment_id: 'pay_x', from_status: null, to_status: 'authorizing', cause: 'api', detail: null, at: 1 }))).toMatchObject({
          code: SQLSTATE.foreignKeyViolation,
          constraint: C.paymentEventsPayment,
        });
        expect(await store.events.count()).toBe(1);
      });
    });

    describe('operations', () => {
      beforeEach(async () => {
        await store.payments.insert(payment('pay_1'));
        await store.payments.insert(payment('pay_2'));
      });

      it('inserts, lists by seq, and numbers the next seq per payment', async () => {
        expect(await store.operations.nextSeq('pay_1')).toBe(1);
        await store.operations.insert(operation('op_b', 'pay_1', 2, { kind: 'capture', provider_idempotency_key: 'k2' }));
        await store.operations.insert(operation('op_a', 'pay_1', 1));
        expect((await store.operations.listFor('pay_1')).map((o) => o.id)).toEqual(['op_a', 'op_b']);
        expect(await store.operations.listFor('pay_1')).toContainEqual(operation('op_a', 'pay_1', 1));
        expect(await store.operations.nextSeq('pay_1')).toBe(3);
        expect(await store.operations.nextSeq('pay_2')).toBe(1);
      });

      it('enforces id, (payment, seq), (provider, key), (provider, kind, reference) and the payment reference', async () => {
        await store.operations.insert(operation('op_1', 'pay_1', 1, { provider_reference: 'ch_1', kind: 'capture' }));
        const refused = async (op: OperationRow) => failure(store.operations.insert(op));
        expect(await refused(operation('op_1', 'pay_2', 1, { provider_idempotency_key: 'other' }))).toMatchObject({ code: SQLSTATE.uniqueViolation, constraint: C.operationsPkey });
        expect(await refused(operation('op_2', 'pay_1', 1, { provider_idempotency_key: 'other' }))).toMatchObject({ code: SQLSTATE.uniqueViolation, constraint: C.operationsPaymentSeq });
        expect(await refused(operation('op_2', 'pay_2', 1, { provider_idempotency_key: 'pay_1-authorize-1' }))).toMatchObject({ code: SQLSTATE.uniqueViolation, constraint: C.operationsProviderKey });
        expect(await refused(operation('op_2', 'pay_2', 1, { kind: 'capture', provider_reference: 'ch_1' }))).toMatchObject({ code: SQLSTATE.uniqueViolation, constraint: C.operationsProviderReference });
        expect(await refused(operation('op_2', 'pay_x', 1, { provider_idempotency_key: 'x' }))).toMatchObject({ code: SQLSTATE.foreignKeyViolation, constraint: C.operationsPayment });
        // keys and references are per provider (and per kind for references)
        await store.operations.insert(operation('op_3', 'pay_2', 1, { provider: 'adyen', provider_idempotency_key: 'pay_1-authorize-1' }));
        await store.operations.insert(operation('op_4', 'pay_2', 2, { kind: 'refund', provider_reference: 'ch_1', provider_idempotency_key: 'r' }));
        expect((await store.dump()).operations.map((o) => o.id)).toEqual(['op_1', 'op_3', 'op_4']);
      });

      it('update: COALESCE for reference and attempts, last_error reset unless given', async () => {
        await store.operations.insert(operation('op_1', 'pay_1', 1, { attempts: 2, last_error: 'old' }));
        await store.operations.update('op_1', { status: 'unknown', updated_at: 5 });
        expect(await store.operations.listFor('pay_1')).toEqual([operation('op_1', 'pay_1', 1, { status: 'unknown', attempts: 2, last_error: null, updated_at: 5 })]);
        await store.operations.update('op_1', { status: 'succeeded', provider_reference: 'pi_1', attempts: 4, last_error: 'e', updated_at: 6 });
        await store.operations.update('op_1', { status: 'succeeded', provider_reference: null, updated_at: 7 });
        expect(await store.operations.listFor('pay_1')).toEqual([operation('op_1', 'pay_1', 1, { status: 'succeeded', provider_reference: 'pi_1', attempts: 4, last_error: null, updated_at: 7 })]);
        await store.operations.update('op_missing', { status: 'failed', updated_at: 8 });
        await store.operations.insert(operation('op_2', 'pay_2', 1, { provider_idempotency_key: 'k' }));
        expect(await failure(store.operations.update('op_2', { status: 'succeeded', provider_reference: 'pi_1', updated_at: 9 }))).toMatchObject({ code: SQLSTATE.uniqueViolation, constraint: C.operationsProviderReference });
      });

      it('lists open operations (pending, unknown) by created_at then id, with a limit', async () => {
        await store.operations.insert(operation('op_c', 'pay_1', 1, { created_at: 1 }));
        await store.operations.insert(operation('op_b', 'pay_1', 2, { created_at: 2, status: 'unknown', provider_idempotency_key: 'k2' }));
        await store.operations.insert(operation('op_a', 'pay_2', 1, { created_at: 2 }));
        await store.operations.insert(operation('op_d', 'pay_2', 2, { created_at: 0, status: 'succeeded', provider_idempotency_key: 'k3' }));
        expect((await store.operations.listOpen()).map((o) => o.id)).toEqual(['op_c', 'op_a', 'op_b']);
        expect((await store.operations.listOpen(2)).map((o) => o.id)).toEqual(['op_c', 'op_a']);
        await store.operations.update('op_c', { status: 'failed', updated_at: 3 });
        await store.operations.update('op_d', { status: 'unknown', updated_at: 3 });
        expect((await store.operations.listOpen()).map((o) => o.id)).toEqual(['op_d', 'op_a', 'op_b']);
      });

      it('names the other payment holding a provider reference', async () => {
        await store.operations.insert(operation('op_1', 'pay_1', 1, { kind: 'capture', provider_reference: 'ch_1' }));
        expect(await store.operations.referenceHolder('stripe', 'capture', 'ch_1', 'pay_2')).toBe('pay_1');
        expect(await store.operations.referenceHolder('stripe', 'capture', 'ch_1', 'pay_1')).toBeUndefined();
        expect(await store.operations.referenceHolder('stripe', 'refund', 'ch_1', 'pay_2')).toBeUndefined();
        expect(await store.operations.referenceHolder('adyen', 'capture', 'ch_1', 'pay_2')).toBeUndefined();
      });

      it('reports settled payments for reconciliation', async () => {
        await store.payments.insert(payment('pay_3', { provider_payment_id: 'pi_3', amount_authorized: 1000, amount_captured: 1000, created_at: 50 }));
        await store.payments.save(payment('pay_1', { provider_payment_id: 'pi_1', amount_authorized: 1000, amount_captured: 800, amount_refunded: 300, status: 'partially_refunded' }));
        await store.payments.save(payment('pay_2', { provider_payment_id: 'pi_2', amount_authorized: 1000 })); // nothing captured: out
        await store.operations.insert(operation('op_c1', 'pay_1', 1, { kind: 'capture', status: 'succeeded', amount: 500, updated_at: 10, provider_idempotency_key: 'a' }));
        await store.operations.insert(operation('op_c2', 'pay_1', 2, { kind: 'capture', status: 'succeeded', amount: 300, updated_at: 20, provider_idempotency_key: 'b' }));
        await store.operations.insert(operation('op_c3', 'pay_1', 3, { kind: 'capture', status: 'failed', amount: 1, updated_at: 90, provider_idempotency_key: 'c' }));
        await store.operations.insert(operation('op_r1', 'pay_1', 4, { kind: 'refund', status: 'succeeded', amount: 100, updated_at: 30, provider_idempotency_key: 'd' }));
        await store.operations.insert(operation('op_r2', 'pay_1', 5, { kind: 'refund', status: 'succeeded', amount: 200, updated_at: 40, provider_idempotency_key: 'e' }));
        await store.operations.insert(operation('op_r3', 'pay_1', 6, { kind: 'refund', status: 'pending', amount: 50, updated_at: 35, provider_idempotency_key: 'f' }));
        expect(await store.payments.settled('stripe', 30, 40)).toEqual([
          { id: 'pay_3', provider_payment_id: 'pi_3', amount_captured: 1000, created_at: 50, captured_at: null, refunded_today: 0 },
          { id: 'pay_1', provider_payment_id: 'pi_1', amount_captured: 800, created_at: 100, captured_at: 20, refunded_today: 100 },
        ].sort((a, b) => a.created_at - b.created_at));
        expect(await store.payments.settled('adyen', 0, 100)).toEqual([]);
      });
    });

    describe('merchant idempotency keys', () => {
      it('claims, refuses a second claim with 23505, completes, answers, deletes', async () => {
        await store.idempotencyKeys.insertInFlight({ scope: 'merchant', key: 'k1', fingerprint: 'f', payment_id: null, created_at: 5 });
        expect(await failure(store.idempotencyKeys.insertInFlight({ scope: 'merchant', key: 'k1', fingerprint: 'g', payment_id: null, created_at: 6 }))).toMatchObject({
          code: SQLSTATE.uniqueViolation,
          constraint: C.idempotencyKeysPkey,
        });
        await store.idempotencyKeys.insertInFlight({ scope: 'other', key: 'k1', fingerprint: 'g', payment_id: null, created_at: 6 });
        expect(await store.idempotencyKeys.get('merchant', 'k1', { lock: true })).toEqual({ scope: 'merchant', key: 'k1', fingerprint: 'f', state: 'in_flight', payment_id: null, response_status: null, response_body: null, created_at: 5 });
        await store.idempotencyKeys.attachPayment('merchant', 'k1', 'pay_1');
        expect((await store.idempotencyKeys.get('merchant', 'k1'))?.payment_id).toBe('pay_1');
        await store.idempotencyKeys.complete('merchant', 'k1', { payment_id: null, response_status: 402, response_body: '{"a":1}' });
        expect(await store.idempotencyKeys.get('merchant', 'k1')).toMatchObject({ state: 'done', payment_id: null, response_status: 402, response_body: '{"a":1}' });
        await store.idempotencyKeys.attachPayment('merchant', 'k1', 'pay_2');
        await store.idempotencyKeys.answer('merchant', 'k1', { response_status: 200, response_body: '{}' });
        expect(await store.idempotencyKeys.get('merchant', 'k1')).toMatchObject({ state: 'done', payment_id: 'pay_2', response_status: 200, response_body: '{}' });
        await store.idempotencyKeys.delete('merchant', 'k1');
        expect(await store.idempotencyKeys.get('merchant', 'k1')).toBeUndefined();
        expect(await store.idempotencyKeys.get('other', 'k1')).toBeDefined();
      });

      it('lists the keys left in flight for a scope, by created_at then key', async () => {
        await store.idempotencyKeys.insertInFlight({ scope: 'merchant', key: 'b', fingerprint: 'f', payment_id: 'pay_1', created_at: 2 });
        await store.idempotencyKeys.insertInFlight({ scope: 'merchant', key: 'c', fingerprint: 'f', payment_id: null, created_at: 1 });
        await store.idempotencyKeys.insertInFlight({ scope: 'merchant', key: 'a', fingerprint: 'f', payment_id: null, created_at: 2 });
        await store.idempotencyKeys.insertInFlight({ scope: 'merchant', key: 'd', fingerprint: 'f', payment_id: null, created_at: 0 });
        await store.idempotencyKeys.insertInFlight({ scope: 'other', key: 'e', fingerprint: 'f', payment_id: null, created_at: 0 });
        await store.idempotencyKeys.complete('merchant', 'd', { payment_id: null, response_status: 200, response_body: '{}' });
        expect(await store.idempotencyKeys.listInFlight('merchant')).toEqual([
          { key: 'c', payment_id: null },
          { key: 'a', payment_id: null },
          { key: 'b', payment_id: 'pay_1' },
        ]);
      });
    });

    describe('webhook inbox', () => {
      const receive = (tx: StoreTx, provider: string, eventId: string, at: number) =>
        tx.inbox.insertIfNew({ provider, event_id: eventId, received_at: at, event: JSON.stringify({ type: 'captured', eventId }), provider_payment_id: 'pi_1' });

      it('stores an event once per (provider, event id): a duplicate is not an error', async () => {
        expect(await receive(store, 'stripe', 'evt_1', 1)).toBe(true);
        expect(await receive(store, 'stripe', 'evt_1', 2)).toBe(false);
        expect(await receive(store, 'adyen', 'evt_1', 3)).toBe(true);
        expect(await store.inbox.get('stripe', 'evt_1')).toEqual({
          provider: 'stripe',
          event_id: 'evt_1',
          received_at: 1,
          event: '{"type":"captured","eventId":"evt_1"}',
          state: 'pending',
          applied_at: null,
          outcome: null,
          attempts: 0,
          provider_payment_id: 'pi_1',
          next_attempt_at: null,
          dead_at: null,
        });
      });

      it('lists what is due, in arrival order, with a limit', async () => {
        await receive(store, 'stripe', 'evt_b', 2);
        await receive(store, 'stripe', 'evt_a', 2);
        await receive(store, 'adyen', 'evt_c', 1);
        await receive(store, 'stripe', 'evt_d', 3);
        await store.inbox.recordFailure('stripe', 'evt_d', { attempts: 1, state: 'pending', outcome: 'apply failed', next_attempt_at: 50, dead_at: null });
        await store.inbox.recordApplied('adyen', 'evt_c', { state: 'applied', applied_at: 4, outcome: 'captured' });
        expect((await store.inbox.listDue(49, 10)).map((r) => r.event_id)).toEqual(['evt_a', 'evt_b']);
        expect((await store.inbox.listDue(50, 10)).map((r) => r.event_id)).toEqual(['evt_a', 'evt_b', 'evt_d']);
        expect((await store.inbox.listDue(50, 1)).map((r) => r.event_id)).toEqual(['evt_a']);
        // The same rows, and when the next one not due yet becomes due.
        for (const [now, limit] of [[49, 10], [50, 10], [50, 1], [1, 10]] as const) {
          const both = await store.inbox.listDueAndNext(now, limit);
          expect(both.rows).toEqual(await store.inbox.listDue(now, limit));
          expect(both.nextDueAt).toBe(now < 50 ? 50 : null);
        }
        expect(await store.inbox.get('adyen', 'evt_c')).toMatchObject({ state: 'applied', applied_at: 4, outcome: 'captured', attempts: 1 });
        expect(await store.inbox.get('stripe', 'evt_d')).toMatchObject({ attempts: 1, next_attempt_at: 50, outcome: 'apply failed' });
        // Nothing due: no rows, and still when the next one will be; nothing pending: null.
        for (const id of ['evt_a', 'evt_b']) await store.inbox.recordApplied('stripe', id, { state: 'applied', applied_at: 5, outcome: 'captured' });
        expect(await store.inbox.listDueAndNext(49, 10)).toEqual({ rows: [], nextDueAt: 50 });
        await store.inbox.recordApplied('stripe', 'evt_d', { state: 'applied', applied_at: 60, outcome: 'captured' });
        expect(await store.inbox.listDueAndNext(49, 10)).toEqual({ rows: [], nextDueAt: null });
      });

      it('parks, lists, counts and requeues dead letters and orphans', async () => {
        await receive(store, 'stripe', 'evt_1', 3);
        await receive(store, 'stripe', 'evt_2', 1);
        await receive(store, 'adyen', 'evt_3', 2);
        await receive(store, 'adyen', 'evt_4', 2);
        await store.inbox.recordFailure('stripe', 'evt_1', { attempts: 5, state: 'dead_letter', outcome: 'x'.repeat(490) + '😀'.repeat(20), next_attempt_at: null, dead_at: 9 });
        await store.inbox.recordNoPayment('stripe', 'evt_2', { state: 'orphan', outcome: 'no payment', dead_at: 8 });
        await store.inbox.recordNoPayment('adyen', 'evt_3', { state: 'pending', outcome: 'no payment', dead_at: null });
        await store.inbox.recordFailure('adyen', 'evt_4', { attempts: 1, state: 'dead_letter', outcome: 'conflict', next_attempt_at: null, dead_at: 7 });
        expect((await store.inbox.listParked(['dead_letter', 'orphan'], 10)).map((r) => r.event_id)).toEqual(['evt_2', 'evt_4', 'evt_1']);
        expect((await store.inbox.listParked(['dead_letter'], 1)).map((r) => r.event_id)).toEqual(['evt_4']);
        expect(await store.inbox.listParked([], 10)).toEqual([]);
        expect(await store.inbox.countParked()).toEqual([
          { provider: 'adyen', state: 'dead_letter', n: 1 },
          { provider: 'stripe', state: 'dead_letter', n: 1 },
          { provider: 'stripe', state: 'orphan', n: 1 },
        ]);
        expect(await store.inbox.getParked('adyen', 'evt_3')).toBeUndefined();
        expect(await store.inbox.getParked('stripe', 'evt_2')).toMatchObject({ state: 'orphan', attempts: 1, dead_at: 8 });
        expect(await store.inbox.requeueParked('adyen', 'evt_3')).toBe(false);
        expect(await store.inbox.requeueParked('stripe', 'evt_1')).toBe(true);
        expect(await store.inbox.requeueParked('stripe', 'evt_1')).toBe(false);
        const back = (await store.inbox.get('stripe', 'evt_1'))!;
        expect(back).toMatchObject({ state: 'pending', attempts: 0, next_attempt_at: null, dead_at: null });
        // LEFT(…, 500) counts characters, not UTF-16 units
        expect([...back.outcome!]).toHaveLength(500);
        expect(back.outcome!.startsWith('replayed after: xxx')).toBe(true);
        await store.inbox.recordFailure('adyen', 'evt_4', { attempts: 1, state: 'dead_letter', outcome: null as unknown as string, next_attempt_at: null, dead_at: 7 });
        await store.inbox.requeueParked('adyen', 'evt_4');
        expect((await store.inbox.get('adyen', 'evt_4'))!.outcome).toBe('replayed after: dead_letter');
      });
    });

    describe('outbox and discrepancies', () => {
      it('numbers outbox events from 1, lists the undelivered by id, marks them', async () => {
        expect(await store.outbox.enqueue({ event_type: 'payment.authorized', payment_id: 'pay_1', payload: '{"a":1}', created_at: 5 })).toBe(1);
        expect(await store.outbox.enqueue({ event_type: 'payment.captured', payment_id: 'pay_1', payload: '{}', created_at: 6 })).toBe(2);
        expect(await store.outbox.enqueue({ event_type: 'payment.voided', payment_id: 'pay_2', payload: '{}', created_at: 7 })).toBe(3);
        await store.outbox.markDelivered(1, 10);
        await store.outbox.markAttempted(2);
        await store.outbox.markAttempted(2);
        expect(await store.outbox.listUndelivered(10)).toEqual([
          { id: 2, event_type: 'payment.captured', payment_id: 'pay_1', payload: '{}', created_at: 6, delivered_at: null, attempts: 2 },
          { id: 3, event_type: 'payment.voided', payment_id: 'pay_2', payload: '{}', created_at: 7, delivered_at: null, attempts: 0 },
        ]);
        expect((await store.outbox.listUndelivered(1)).map((r) => r.id)).toEqual([2]);
        expect((await store.dump()).outbox[0]).toEqual({ id: 1, event_type: 'payment.authorized', payment_id: 'pay_1', payload: '{"a":1}', created_at: 5, delivered_at: 10, attempts: 1 });
      });

      it('stores discrepancies per run, lists a run by id and the latest first', async () => {
        const d = (run_id: string, n: number) => ({ run_id, kind: 'missing', payment_id: n % 2 ? `pay_${n}` : null, provider: 'stripe', reference: `pi_${n}`, expected: n, actual: null, detail: `d${n}`, created_at: n });
        expect(await store.discrepancies.insert(d('r1', 1))).toBe(1);
        await store.discrepancies.insert(d('r2', 2));
        await store.discrepancies.insert(d('r1', 3));
        expect(await store.discrepancies.listForRun('r1')).toEqual([
          { id: 1, ...d('r1', 1) },
          { id: 3, ...d('r1', 3) },
        ]);
        expect((await store.discrepancies.listRecent(2)).map((r) => r.id)).toEqual([3, 2]);
        // the API answers these rows as they are: same keys in the same (column) order everywhere
        expect(Object.keys((await store.discrepancies.listRecent(1))[0]!)).toEqual(['id', 'run_id', 'kind', 'payment_id', 'provider', 'reference', 'expected', 'actual', 'detail', 'created_at']);
      });
    });

    describe('transactions', () => {
      it('commits when the body resolves and returns its value', async () => {
        const out = await store.transaction(async (tx) => {
          await tx.payments.insert(payment('pay_1'));
          await tx.events.append({ payment_id: 'pay_1', from_status: null, to_status: 'authorizing', cause: 'api', detail: null, at: 1 });
          return 'done';
        });
        expect(out).toBe('done');
        expect(await store.events.count()).toBe(1);
      });

      it('rolls back every write of a body that throws (nothing half-stored), and rethrows its error', async () => {
        await store.payments.insert(payment('pay_0'));
        await store.inbox.insertIfNew({ provider: 'stripe', event_id: 'evt_0', received_at: 1, event: '{}', provider_payment_id: null });
        await store.idempotencyKeys.insertInFlight({ scope: 'merchant', key: 'k0', fingerprint: 'f', payment_id: null, created_at: 1 });
        const before = await store.dump();
        const boom = new Error('boom');
        await expect(
          store.transaction(async (tx) => {
            await tx.payments.insert(payment('pay_1', { provider_payment_id: 'pi_1' }));
            await tx.payments.save(payment('pay_0', { status: 'failed', provider_payment_id: 'pi_0' }));
            await tx.events.append({ payment_id: 'pay_1', from_status: null, to_status: 'authorizing', cause: 'api', detail: null, at: 1 });
            await tx.operations.insert(operation('op_1', 'pay_1', 1, { provider_reference: 'r' }));
            await tx.operations.update('op_1', { status: 'unknown', updated_at: 2 });
            await tx.inbox.recordApplied('stripe', 'evt_0', { state: 'applied', applied_at: 2, outcome: 'x' });
            await tx.inbox.insertIfNew({ provider: 'stripe', event_id: 'evt_1', received_at: 1, event: '{}', provider_payment_id: null });
            await tx.idempotencyKeys.delete('merchant', 'k0');
            await tx.idempotencyKeys.insertInFlight({ scope: 'merchant', key: 'k1', fingerprint: 'f', payment_id: null, created_at: 1 });
            await tx.outbox.enqueue({ event_type: 'e', payment_id: 'pay_1', payload: '{}', created_at: 1 });
            await tx.discrepancies.insert({ run_id: 'r', kind: 'extra', payment_id: null, provider: 'stripe', reference: null, expected: null, actual: 1, detail: 'd', created_at: 1 });
            expect((await tx.dump()).operations).toHaveLength(1); // visible inside
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(await store.dump()).toEqual(before);
        // the indexes were rolled back too: the same ids, keys and references are free again
        await store.transaction(async (tx) => {
          await tx.payments.insert(payment('pay_1', { provider_payment_id: 'pi_1' }));
          await tx.operations.insert(operation('op_1', 'pay_1', 1, { provider_reference: 'r' }));
          expect(await tx.operations.listOpen()).toHaveLength(1);
          expect(await tx.inbox.listDue(10, 10)).toHaveLength(1);
        });
        expect(await store.payments.findByProviderId('stripe', 'pi_0')).toBeUndefined();
      });

      it('does not take back sequence numbers on rollback, as Postgres sequences do not', async () => {
        await store.transaction(async (tx) => tx.outbox.enqueue({ event_type: 'e', payment_id: 'p', payload: '{}', created_at: 1 })).catch(() => undefined);
        await expect(
          store.transaction(async (tx) => {
            await tx.outbox.enqueue({ event_type: 'e', payment_id: 'p', payload: '{}', created_at: 1 });
            throw new Error('undo');
          }),
        ).rejects.toThrow('undo');
        expect(await store.outbox.enqueue({ event_type: 'e', payment_id: 'p', payload: '{}', created_at: 1 })).toBe(3);
      });

      it('aborts a transaction whose failed statement the body swallowed: later statements fail (25P02), commit refuses', async () => {
        await store.payments.insert(payment('pay_0'));
        let later: { code?: string } | undefined;
        await expect(
          store.transaction(async (tx) => {
            await tx.payments.insert(payment('pay_1'));
            await tx.payments.insert(payment('pay_0')).catch(() => undefined);
            later = await failure(tx.payments.get('pay_1'));
            return 'looks fine';
          }),
        ).rejects.toBeInstanceOf(TransactionAbortedError);
        expect(later).toMatchObject({ code: SQLSTATE.inFailedTransaction });
        expect((await store.dump()).payments.map((p) => p.id)).toEqual(['pay_0']);
      });

      it('a statement refused outside a transaction changes nothing and the store stays usable', async () => {
        await store.payments.insert(payment('pay_1', { amount_authorized: 10 }));
        await failure(store.payments.save(payment('pay_1', { amount_authorized: 10, amount_captured: 20 })));
        expect((await store.payments.get('pay_1'))!.version).toBe(0);
        await store.payments.save(payment('pay_1', { amount_authorized: 10, amount_captured: 5 }));
        expect((await store.payments.get('pay_1'))!.version).toBe(1);
      });

      it('refuses the store itself inside its own transaction (NestedTransactionError) and a tx used after it ended', async () => {
        let leaked: StoreTx | undefined;
        await expect(
          store.transaction(async (tx) => {
            leaked = tx;
            await store.payments.get('pay_1');
          }),
        ).rejects.toBeInstanceOf(NestedTransactionError);
        await expect(store.transaction(async () => store.transaction(async () => 1))).rejects.toBeInstanceOf(NestedTransactionError);
        await expect(leaked!.payments.get('pay_1')).rejects.toBeInstanceOf(TransactionClosedError);
      });

      it('runs concurrent transactions one after the other; a statement outside waits and sees committed data only', async () => {
        await store.payments.insert(payment('pay_1', { amount_authorized: 1000 }));
        const order: string[] = [];
        let release!: () => void;
        let markSaved!: () => void;
        const saved = new Promise<void>((resolve) => (markSaved = resolve));
        const gate = new Promise<void>((resolve) => (release = resolve));
        const first = store.transaction(async (tx) => {
          order.push('first:start');
          const p = (await tx.payments.get('pay_1', { lock: true }))!;
          await tx.payments.save({ ...p, amount_captured: p.amount_captured + 100 });
          markSaved();
          await gate;
          order.push('first:end');
        });
        const second = store.transaction(async (tx) => {
          order.push('second:start');
          const p = (await tx.payments.get('pay_1', { lock: true }))!;
          await tx.payments.save({ ...p, amount_captured: p.amount_captured + 100 });
          order.push('second:end');
        });
        // Let the first transaction write (uncommitted), then read from outside. On a server the read
        // has its own connection and answers at once: it must not see the uncommitted 100. On one
        // connection (memory, PGlite) it queues behind both transactions and sees their result.
        await saved;
        const outside = store.payments.get('pay_1');
        if (store.kind === 'postgres') expect((await outside)!.amount_captured).toBe(0);
        release();
        await Promise.all([first, second]);
        // On one connection (memory, PGlite) the second starts after the first ended; on a server
        // it starts at once and waits on the row lock. Either way neither update is lost.
        if (store.kind !== 'postgres') expect(order).toEqual(['first:start', 'first:end', 'second:start', 'second:end']);
        expect(order.indexOf('second:end')).toBeGreaterThan(order.indexOf('first:end'));
        // Never the first's uncommitted 100: before it (a server) or after both (FIFO on one connection).
        expect((await outside)!.amount_captured).toBe(store.kind === 'postgres' ? 0 : 200);
        expect((await store.payments.get('pay_1'))!.amount_captured).toBe(200);
      });

      it('reset empties every table and restarts the sequences; close refuses further use', async () => {
        await store.payments.insert(payment('pay_1'));
        await store.outbox.enqueue({ event_type: 'e', payment_id: 'p', payload: '{}', created_at: 1 });
        await store.ping();
        await store.reset();
        expect(await total()).toBe(0);
        expect(await store.outbox.enqueue({ event_type: 'e', payment_id: 'p', payload: '{}', created_at: 1 })).toBe(1);
        await store.close();
        await expect(store.payments.get('pay_1')).rejects.toBeInstanceOf(DatabaseClosedError);
        store = await open(); // for afterEach
      });
    });
  });
}
