// Redaction and escaping: the two gates every data string passes before it is written.
import { describe, expect, it } from 'vitest';
import { markup } from './escape.ts';
import { isPlausiblePan, luhn, REDACTED_PAN, redact, redactDeep } from './redact.ts';

describe('redact', () => {
  it('blanks card numbers (Luhn-valid, a network prefix, 13 to 19 digits), bare or grouped by spaces or dashes', () => {
    const pans = [
      '4111111111111111',
      '4111 1111 1111 1111',
      '4111-1111-1111-1111',
      '4242424242424242',
      '4000 0566 5566 5556',
      '5555555555554444',
      '5555 5555 5555 4444',
      '5555-5555-5555-4444',
      '2223003122003222', // Mastercard 2-series
      '378282246310005', // Amex, 15
      '3782 822463 10005', // Amex as printed, 4-6-5
      '36227206271667', // Diners, 14
      '4222222222222', // Visa, 13
      '6205500000000000004', // UnionPay, 19
    ];
    for (const pan of pans) expect(redact(`card ${pan}, thanks`), pan).toBe(`card ${REDACTED_PAN}, thanks`);
    // At the edges of the text, in JSON, after a colon, at a sentence's end, in brackets.
    expect(redact('4111111111111111')).toBe(REDACTED_PAN);
    expect(redact('{"number":"4242424242424242"}')).toBe(`{"number":"${REDACTED_PAN}"}`);
    expect(redact('pan:5555555555554444.')).toBe(`pan:${REDACTED_PAN}.`);
    expect(redact('[4111111111111111,4242424242424242]')).toBe(`[${REDACTED_PAN},${REDACTED_PAN}]`);
    // A card followed by its expiry, two cards in one list: each card, nothing else.
    expect(redact('4111111111111111 12 2030')).toBe(`${REDACTED_PAN} 12 2030`);
    expect(redact('4111 1111 1111 1111 5555 5555 5555 4444')).toBe(`${REDACTED_PAN} ${REDACTED_PAN}`);
  });

  it('a Luhn-valid card-prefixed 13-digit number is a card even where a time could be', () => {
    // 3000000000007 is 2065-01-24 in epoch ms, but also a Luhn-valid 3-prefixed 13-digit number.
    expect(luhn('3000000000007')).toBe(true);
    expect(redact('at 3000000000007')).toBe(`at ${REDACTED_PAN}`);
  });

  it('leaves alone what only looks long: times, ids, amounts, digests, numbers inside longer numbers', () => {
    const fine = [
      'amount 1999 EUR',
      '123456789012',
      '2026-06-01T09:00:00.000Z',
      'pi_3MtwBwLkdIwHu7ix28a3tqPa',
      'pi_4111111111111111', // an identifier, even with a card-shaped tail
      'pm_card_visa',
      `digest ${'ab12'.repeat(16)}`,
      'a1234567890123456b',
      'task_runner risk_level',
      'ref hand-4111111111111111', // an identifier's tail
      '0.4111111111111111', // a decimal
      '4111111111111111.5',
      '41111111111111110000', // 20 digits: a longer number
      '94111111111111111', // 17 digits, not Luhn-valid as a whole
      '4111111111111112', // one digit off: fails Luhn
      '0000000000000000', // Luhn-valid, but no card starts with 0
      '8515232733321252', // an all-digit Adyen pspReference shape
      '1000000000009', // Luhn-valid, but a time (2001-09-09): 1… is no network prefix
      '4111 1111 1111 1112',
      '4111-1111 1111-1111', // mixed separators: not how a card is printed
      'amounts 1000 2500 3000 4000', // a list of amounts
    ];
    for (const s of fine) expect(redact(s), s).toBe(s);
  });

  it('never takes epoch-millisecond times for card numbers, Luhn-valid or not', () => {
    // Every 13-digit time from 2001 (the first 13-digit one) to 2060, in steps of a little over a day, Luhn-valid ones included.
    let luhnValid = 0;
    for (let t = 1_000_000_000_000; t < Date.UTC(2060, 0, 1); t += 86_400_017) {
      const s = String(t);
      if (luhn(s)) luhnValid += 1;
      expect(redact(`at ${s} ms`), s).toBe(`at ${s} ms`);
      expect(redact(`{"t":${s}}`), s).toBe(`{"t":${s}}`);
    }
    expect(luhnValid).toBeGreaterThan(100); // the check was not vacuous: Luhn alone would have redacted these
    expect(redact('drill-r1764028800123-5 at 1764028800123')).toBe('drill-r1764028800123-5 at 1764028800123');
  });

  it('takes linear time on a long run of numbers, and still finds the card in it', () => {
    const run = Array.from({ length: 20_000 }, (_, i) => String(1000 + (i % 9000))).join(' ');
    const started = performance.now();
    const out = redact(`${run} 4111 1111 1111 1111`);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(out.endsWith(` ${REDACTED_PAN}`)).toBe(true);
  });

  it('isPlausiblePan: the decision itself, both ways', () => {
    expect(isPlausiblePan('4111111111111111')).toBe(true);
    expect(isPlausiblePan('5555555555554444')).toBe(true);
    expect(isPlausiblePan('4111111111111')).toBe(false); // 13 digits, fails Luhn
    expect(isPlausiblePan('411111111111')).toBe(false); // 12 digits
    expect(isPlausiblePan('41111111111111111111')).toBe(false); // 20 digits
    expect(luhn('7111111111111114')).toBe(true);
    expect(isPlausiblePan('7111111111111114')).toBe(false); // Luhn-valid, but 7 is no card network's prefix
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

describe('markup', () => {
  it('escapes the five markup characters, for text and quoted attributes alike', () => {
    expect(markup`${`<a href="x">&'`}`.toString()).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });

  it('replaces characters XML 1.0 forbids, keeps tabs, newlines and astral characters', () => {
    expect(markup`${'bell\u0007 nul\u0000 tab\t nl\n ok💳 lone\uD800'}`.toString()).toBe('bell\uFFFD nul\uFFFD tab\t nl\n ok💳 lone\uFFFD');
  });

  it('redacts before escaping, and takes numbers and missing values', () => {
    expect(markup`<b>${'<4242424242424242>'}</b>`.toString()).toBe(`<b>&lt;${REDACTED_PAN}&gt;</b>`);
    expect(markup`${42}|${undefined}|${null}`.toString()).toBe('42||');
  });

  it('escapes every interpolation, in text and in attributes, except markup that markup wrote; stray control bytes become U+FFFD', () => {
    const inner = markup`<i>${'a<b'}</i>`;
    expect(markup`<p title="${`"><img src=x onerror=alert(1)>`}">${inner}${['&amp;', inner]}${'nul\u0000'}</p>`.toString()).toBe(
      '<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"><i>a&lt;b</i>&amp;amp;<i>a&lt;b</i>nul\uFFFD</p>',
    );
  });
});
