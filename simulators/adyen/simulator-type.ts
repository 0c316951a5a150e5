// What createAdyenSimulator returns, apart from index.ts so that the case driver (re-exported by
// index.ts) can name it without the two importing each other.
import type { Simulator } from '../testing/dialect-driver.ts';

export type AdyenSimulator = Simulator & {
  provider: 'adyen';
  hmacKey: string;
  /** The merchant account requests should name (the configured one, or a default). */
  merchantAccount: string;
  apiKey?: string;
};
