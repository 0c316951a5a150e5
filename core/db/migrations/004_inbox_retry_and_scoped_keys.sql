-- The webhook inbox retries an event whose apply failed with backoff: not before next_attempt_at
-- (ms, injected clock; NULL: at once). A dead letter is parked until someone replays it.
ALTER TABLE webhook_inbox ADD COLUMN next_attempt_at bigint;
ALTER TABLE webhook_inbox ADD COLUMN dead_at bigint;
DROP INDEX webhook_inbox_pending;
CREATE INDEX webhook_inbox_pending ON webhook_inbox (received_at, event_id) WHERE state = 'pending';
CREATE INDEX webhook_inbox_parked ON webhook_inbox (state) WHERE state IN ('dead_letter', 'orphan');

-- A provider idempotency key is honoured per provider account, so it is unique per provider, not
-- across providers: two providers may hand out or receive the same string without colliding.
-- Keys the core derives carry the payment id (payment-kind-seq), and the keys of operations a
-- webhook books carry it too (core/webhooks/apply.ts), so two payments never collide either.
ALTER TABLE operations DROP CONSTRAINT operations_provider_idempotency_key_key;
CREATE UNIQUE INDEX operations_provider_key ON operations (provider, provider_idempotency_key);
