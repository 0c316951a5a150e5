// What a team's adapter module must build: an object of the dialect it is certified for, with
// every method the core calls. A zod schema, so the check reads as the shape it checks; the
// methods' signatures stay the core's ProviderAdapter type (a schema cannot see a function's
// parameters), which is why the factory's result is typed by the core, not inferred here.
import { z } from 'zod';
import type { ProviderName } from '../../core/index.ts';

export const ADAPTER_METHODS = ['authorize', 'capture', 'refund', 'void', 'retrieve', 'parseWebhook', 'acknowledge'] as const;

const method = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { error: 'not a function' });

// A Promise is an object with methods missing: said first, on its own, because that is the fix.
const notAPromise = z.custom<unknown>((v) => typeof (v as { then?: unknown } | null)?.then !== 'function', { error: 'the factory returned a Promise: it must build the adapter synchronously' });

/** The adapter a factory must return for `dialect` (unknown extra members are the team's business). */
export function adapterSchema(dialect: ProviderName) {
  return notAPromise.pipe(
    z.looseObject(
      {
        // The core files adapters under `provider`: a Stripe adapter calling itself adyen would be handed Adyen's payments.
        provider: z.literal(dialect, { error: (iss) => `provider is ${JSON.stringify(iss.input)}, expected "${dialect}" (--dialect ${dialect})` }),
        ...(Object.fromEntries(ADAPTER_METHODS.map((m) => [m, method])) as Record<(typeof ADAPTER_METHODS)[number], typeof method>),
      },
      { error: (iss) => `the factory returned ${iss.input === null ? 'null' : typeof iss.input}, not an object` },
    ),
  );
}
