// The merchant's Idempotency-Key policy: whether a retried key is answered from what was stored,
// and what makes two requests under one key "the same request" (a key reused for another request
// is refused with 409, never answered with the first one's result).
import { fingerprint } from '../../spec/index.ts';

export interface MerchantKeyPolicy {
  /** Answer a retried key with the stored answer (true), or run every request (false). */
  replay: boolean;
  /** What identifies the request a key was first used for. */
  fingerprint: (method: string, path: string, body: unknown) => string;
}

export const DEFAULT_MERCHANT_KEY_POLICY: MerchantKeyPolicy = Object.freeze({ replay: true, fingerprint });
