// Both dialects, built the same way, for suites that run one case through each.
import { VirtualClock, seededRandom, type FetchLike } from '../kernel/index.ts';
import { createAdyenSimulator } from '../adyen/index.ts';
import { createAdyenCaseDriver } from '../adyen/case-driver.ts';
import { createStripeSimulator } from '../stripe/index.ts';
import { createStripeCaseDriver } from '../stripe/case-driver.ts';
import type { DialectDriver } from './dialect-driver.ts';

export const START = Date.UTC(2026, 2, 2, 9, 0, 0);
export const TEST_ADYEN_HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';

export interface DialectUnderTest {
  driver: DialectDriver;
  clock: VirtualClock;
}

export const DIALECTS: { name: 'stripe' | 'adyen'; make(opts?: { seed?: number; fetch?: FetchLike }): DialectUnderTest }[] = [
  {
    name: 'stripe',
    make({ seed = 1, fetch = unreachable } = {}) {
      const clock = new VirtualClock(START);
      const sim = createStripeSimulator({ env: { clock, random: seededRandom(seed), fetch } });
      return { driver: createStripeCaseDriver(sim), clock };
    },
  },
  {
    name: 'adyen',
    make({ seed = 1, fetch = unreachable } = {}) {
      const clock = new VirtualClock(START);
      const sim = createAdyenSimulator({ env: { clock, random: seededRandom(seed), fetch }, hmacKey: TEST_ADYEN_HMAC_KEY });
      return { driver: createAdyenCaseDriver(sim), clock };
    },
  },
];

async function unreachable(): Promise<Response> {
  throw new Error('no network in this test');
}
