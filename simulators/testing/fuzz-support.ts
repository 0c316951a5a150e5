// What the three fuzz suites (Stripe API, Adyen API, control API) share: the hostile strings they
// draw from, a fingerprint of everything a simulator holds (to prove a refused request stored
// nothing), and a heap check. Test support only: nothing here runs in a simulator.
import fc from 'fast-check';
import type { Kernel } from '../kernel/index.ts';

/** Strings that broke, or could break, a parser, a lookup or a receiver downstream. */
export const HOSTILE = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\udbff\udfff', // a valid pair: must be accepted where text is
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'valueOf',
  'toString',
  'prototype',
  '%',
  '%00',
  '%ZZ',
  '%ED%A0%80',
  '[]',
  '][',
  '[[a]]',
  'a[b',
  '1e3',
  '-1',
  '0',
  '99999999999999999999',
  'NaN',
  'Infinity',
  'true',
  'null',
  '{}',
  '\r\n',
  '../../etc/passwd',
  '😀',
  'é',
] as const;

/** A hostile string: a known troublemaker, arbitrary Unicode (lone surrogates included) or a long run. */
export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
    { weight: 2, arbitrary: fc.string({ maxLength: 24 }) },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x', '\u0000', '[', 'é'), fc.integer({ min: 100, max: 6000 })).map(([c, n]) => c.repeat(n)) },
  );

/** A JSON value that may be nested far deeper than any request (written as text: JSON.stringify would recurse). */
export const deepJsonText = (): fc.Arbitrary<string> =>
  fc.tuple(fc.integer({ min: 20, max: 25_000 }), fc.constantFrom('[', '{"a":'), fc.boolean()).map(([depth, open, closed]) => {
    const close = open === '[' ? ']' : '}';
    return `${open.repeat(depth)}1${closed ? close.repeat(depth) : ''}`;
  });

/** Percent-encodes as a client would; text with no UTF-8 form (a lone surrogate) goes in raw. */
export function encodeLoosely(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Header values a client can send at all (a Request refuses control characters in headers). */
export const headerValue = (): fc.Arbitrary<string> =>
  fc.oneof(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 }), fc.constantFrom('', 'k', 'é'.normalize()));

/**
 * Everything a simulator holds that a request could change: money (ledger), payments, events,
 * endpoints, queued deliveries, the fault plan and the clock. Equal before and after a refused
 * request, or the request stored something.
 */
export function holdings(kernel: Kernel): string {
  return JSON.stringify({
    ledger: kernel.ledger.all(),
    payments: kernel.payments.all(),
    events: kernel.webhooks.listEvents().map((e) => e.id),
    endpoints: kernel.webhooks.listEndpoints(),
    deliveries: kernel.webhooks.summary(),
    plan: kernel.faults.current().plan,
    now: kernel.now(),
  });
}

/** Heap growth over a suite, in MB: the suites assert it stays far below what unbounded queues used (1 GB). */
export function heapUsedMb(): number {
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
