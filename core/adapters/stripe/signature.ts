// Stripe-Signature verification, as stripe-node's `constructEvent` does it: the header is
// `t=<unix seconds>,v1=<hex>[,v1=<hex>...]` (several v1 while a secret is being rolled), each v1
// an HMAC-SHA256 of `<t>.<raw body>` keyed by the endpoint secret. The signature is checked first
// (constant time), then the timestamp against `nowMs`, in both directions.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = { ok: true; timestampSeconds: number } | { ok: false; reason: 'bad_signature' | 'stale'; message: string };

export function verifyStripeSignature(rawBody: string, header: string | undefined, secret: string, nowMs: number, toleranceSeconds: number): SignatureCheck {
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'bad_signature', message: 'no Stripe-Signature header' };
  const parsed = parseHeader(header);
  if (!parsed) return { ok: false, reason: 'bad_signature', message: 'Stripe-Signature has no valid timestamp and v1 signature' };
  const expected = Buffer.from(createHmac('sha256', secret).update(`${parsed.t}.${rawBody}`, 'utf8').digest('hex'), 'utf8');
  // Compare against every v1 without stopping early; lengths differ only for garbage.
  let matched = false;
  for (const candidate of parsed.v1) {
    const given = Buffer.from(candidate, 'utf8');
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  if (!matched) return { ok: false, reason: 'bad_signature', message: 'no v1 signature matches the payload and the endpoint secret' };
  const ageSeconds = Math.abs(nowMs - parsed.t * 1000) / 1000;
  if (ageSeconds > toleranceSeconds) {
    return { ok: false, reason: 'stale', message: `signed at t=${parsed.t}, ${Math.round(ageSeconds)} s from now (tolerance ${toleranceSeconds} s)` };
  }
  return { ok: true, timestampSeconds: parsed.t };
}

function parseHeader(header: string): { t: number; v1: string[] } | undefined {
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (t !== undefined || !/^\d{1,12}$/.test(value)) return undefined;
      t = Number(value);
    } else if (key === 'v1') {
      v1.push(value);
    }
  }
  return t !== undefined && v1.length > 0 ? { t, v1 } : undefined;
}
