// Redaction and escaping: the two gates every data string passes before it is written.
import { describe, expect, it } from 'vitest';
import { escapeMarkup, safe } from './escape.ts';
import { REDACTED_PAN, redact, redactDeep } from './redact.ts';

describe('redact', () => {
  it('blanks 13 to 19 digits, grouped by spaces or dashes or not', () => {
    for (const pan of ['4242424242424242', '4000 0566 5566 5556', '5555-5555-5555-4444', '4222222222222', '6011000990139424123']) {
      expect(redact(`card ${pan}, thanks`)).toBe(`card ${REDACTED_PAN}, thanks`);
    }
  });

  it('leaves alone what only contains digits: short numbers, amounts, dates, ids, hex digests', () => {
    const fine = ['amount 1999 EUR', '123456789012', '2026-06-01T09:00:00.000Z', 'pi_3MtwBwLkdIwHu7ix28a3tqPa', 'pm_card_visa', `digest ${'ab12'.repeat(16)}`, 'a1234567890123456b', 'task_runner risk_level'];
    for (const s of fine) expect(redact(s)).toBe(s);
  });

  it('blanks Stripe secret and restricted keys and webhook secrets, and stays put when run again', () => {
    const once = redact('keys sk_test_51HxyzSECRET rk_live_abc and whsec_yourtestsecret; pk_test_public stays');
    expect(once).toBe('keys sk_[redacted] rk_[redacted] and whsec_[redacted]; pk_test_public stays');
    expect(redact(once)).toBe(once);
  });

  it('redacts every string of a JSON value, keys too, and keeps numbers and shape', () => {
    const v = { t: 1780304400000, args: { paymentMethod: '4242424242424242', list: ['sk_test_x', 7, null, true] }, '4111111111111111': 1 };
    expect(redactDeep(v)).toEqual({ t: 1780304400000, args: { paymentMethod: REDACTED_PAN, list: ['sk_[redacted]', 7, null, true] }, [REDACTED_PAN]: 1 });
    expect(v.args.paymentMethod).toBe('4242424242424242'); // a copy: the caller's report is untouched
  });
});

describe('escapeMarkup and safe', () => {
  it('escapes the five markup characters, for text and quoted attributes alike', () => {
    expect(escapeMarkup(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });

  it('replaces characters XML 1.0 forbids, keeps tabs, newlines and astral characters', () => {
    expect(escapeMarkup('bell\u0007 nul\u0000 tab\t nl\n ok💳 lone\uD800')).toBe('bell\uFFFD nul\uFFFD tab\t nl\n ok💳 lone\uFFFD');
  });

  it('redacts before escaping, and takes numbers and missing values', () => {
    expect(safe('<4242424242424242>')).toBe(`&lt;${REDACTED_PAN}&gt;`);
    expect(safe(42)).toBe('42');
    expect(safe(undefined)).toBe('');
  });
});
