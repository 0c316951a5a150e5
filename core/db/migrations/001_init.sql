-- The reference core's schema. Times are bigint milliseconds from the injected clock, so a run
-- under a virtual clock stores the same bytes every time.

CREATE TABLE payments (
  id                  text PRIMARY KEY,
  merchant_reference  text NOT NULL,
  amount              bigint NOT NULL CHECK (amount > 0),
  currency            text NOT NULL,
  requested_provider  text NOT NULL,
  provider            text NOT NULL,
  payment_method      text NOT NULL,
  capture_mode        text NOT NULL,
  status              text NOT NULL,
  provider_payment_id text,
  amount_authorized   bigint NOT NULL DEFAULT 0,
  amount_captured     bigint NOT NULL DEFAULT 0,
  amount_refunded     bigint NOT NULL DEFAULT 0,
  decline_code        text,
  failure_message     text,
  version             integer NOT NULL DEFAULT 0,
  created_at          bigint NOT NULL,
  updated_at          bigint NOT NULL,
  CHECK (amount_captured <= amount_authorized),
  CHECK (amount_refunded <= amount_captured)
);
CREATE UNIQUE INDEX payments_provider_payment ON payments (provider, provider_payment_id) WHERE provider_payment_id IS NOT NULL;
CREATE INDEX payments_status ON payments (status);

-- Every transition, append-only, with its cause: api, webhook, reconciliation, recovery.
CREATE TABLE payment_events (
  payment_id  text NOT NULL REFERENCES payments (id),
  seq         integer NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  cause       text NOT NULL,
  detail      text,
  at          bigint NOT NULL,
  PRIMARY KEY (payment_id, seq)
);

-- Each call the core makes (or made) to a provider for a payment. The provider idempotency key is
-- derived from payment, kind and sequence, and stays the same across retries and restarts.
CREATE TABLE operations (
  id                       text PRIMARY KEY,
  payment_id               text NOT NULL REFERENCES payments (id),
  seq                      integer NOT NULL,
  kind                     text NOT NULL,
  amount                   bigint NOT NULL,
  provider                 text NOT NULL,
  status                   text NOT NULL,
  provider_idempotency_key text NOT NULL UNIQUE,
  provider_reference       text,
  attempts                 integer NOT NULL DEFAULT 0,
  last_error               text,
  created_at               bigint NOT NULL,
  updated_at               bigint NOT NULL,
  UNIQUE (payment_id, seq)
);
CREATE INDEX operations_open ON operations (status) WHERE status IN ('pending', 'unknown');

-- Merchant Idempotency-Key: the request's fingerprint and the saved response.
CREATE TABLE idempotency_keys (
  scope           text NOT NULL,
  key             text NOT NULL,
  fingerprint     text NOT NULL,
  state           text NOT NULL,
  payment_id      text,
  response_status integer,
  response_body   text,
  created_at      bigint NOT NULL,
  PRIMARY KEY (scope, key)
);

-- Webhooks as received, verified, deduplicated by (provider, event_id), applied asynchronously.
CREATE TABLE webhook_inbox (
  provider    text NOT NULL,
  event_id    text NOT NULL,
  received_at bigint NOT NULL,
  event       text NOT NULL,
  state       text NOT NULL,
  applied_at  bigint,
  outcome     text,
  PRIMARY KEY (provider, event_id)
);
CREATE INDEX webhook_inbox_pending ON webhook_inbox (received_at) WHERE state = 'pending';

-- Merchant-facing events, written in the same transaction as the state change they announce.
CREATE TABLE outbox (
  id           bigserial PRIMARY KEY,
  event_type   text NOT NULL,
  payment_id   text NOT NULL,
  payload      text NOT NULL,
  created_at   bigint NOT NULL,
  delivered_at bigint,
  attempts     integer NOT NULL DEFAULT 0
);
CREATE INDEX outbox_undelivered ON outbox (id) WHERE delivered_at IS NULL;

CREATE TABLE reconciliation_discrepancies (
  id           bigserial PRIMARY KEY,
  run_id       text NOT NULL,
  kind         text NOT NULL,
  payment_id   text,
  provider     text NOT NULL,
  reference    text,
  expected     bigint,
  actual       bigint,
  detail       text NOT NULL,
  created_at   bigint NOT NULL
);
