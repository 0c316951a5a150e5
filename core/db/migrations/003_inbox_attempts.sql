-- An event whose payment is not known yet (it arrived before the API call that creates it was
-- recorded) stays pending and is tried again; past a bound it is parked as an orphan.
ALTER TABLE webhook_inbox ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE webhook_inbox ADD COLUMN provider_payment_id text;
