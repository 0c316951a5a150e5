// Defensive redaction. Histories carry test tokens (`pm_card_visa`), never card numbers or keys,
// but a report is the artefact most likely to be pasted into a ticket or kept by CI for months,
// so anything shaped like a PAN or a provider secret is blanked before it is written anywhere.

/** 13 to 19 digits, optionally grouped by spaces or dashes, not part of a longer token. */
const PAN = /(?<![0-9A-Za-z])\d(?:[ -]?\d){12,18}(?![0-9A-Za-z])/g;
/** Stripe secret and restricted keys, and webhook signing secrets (`+`: redacting twice changes nothing). */
const SECRET = /\b(sk|rk|whsec)_[A-Za-z0-9_]+/g;

export const REDACTED_PAN = '[redacted PAN]';

export function redact(text: string): string {
  return text.replace(PAN, REDACTED_PAN).replace(SECRET, '$1_[redacted]');
}

/**
 * A copy of a JSON-like value with every string (keys included) redacted. Numbers are left alone:
 * times are 13-digit epoch milliseconds, and payment methods are strings.
 */
export function redactDeep<T>(value: T): T {
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(walk);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), walk(v)]));
  }
  return value;
}
