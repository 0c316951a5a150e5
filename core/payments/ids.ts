// Ids the core mints, drawn from the injected random source so a seeded run repeats them.
import type { RandomSource } from '../env.ts';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export function newId(random: RandomSource, prefix: string, length = 20): string {
  let out = prefix;
  for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(random.next() * ALPHABET.length)];
  return out;
}

/**
 * The provider-side idempotency key of one operation: the payment, the kind and its sequence.
 * Every retry of that operation, across restarts, sends the same key.
 */
export function providerIdempotencyKey(paymentId: string, kind: string, seq: number): string {
  return `${paymentId}-${kind}-${seq}`;
}
