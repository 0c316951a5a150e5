-- What providers report cumulatively (Stripe's amount_received) is kept apart from the sum of the
-- core's own settled operations; the payment's captured amount is the larger of the two, so a
-- webhook that arrives before the API response is never counted twice.
ALTER TABLE payments ADD COLUMN reported_captured bigint NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN disputed_amount bigint NOT NULL DEFAULT 0;

-- A provider reference names one capture / refund / cancel: an event about it settles one operation.
CREATE UNIQUE INDEX operations_provider_reference ON operations (provider, kind, provider_reference) WHERE provider_reference IS NOT NULL;
CREATE INDEX operations_payment ON operations (payment_id);
