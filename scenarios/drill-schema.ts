// The drill file's schema: the one definition of what a drill may say. drill.ts infers the Drill
// type from it and validates with it; scenarios/drill.schema.json is generated from it
// (drill-json-schema.ts) so editors complete and check drill files as the loader will. A PSP
// fault's rule and a settlement fault's gap are the simulators' own schemas, so a drill is
// checked exactly as the simulators will check the rule it sends them.
import { z } from 'zod';
import { FaultRuleSchema, SettlementGapSchema } from '../simulators/index.ts';
import { INVARIANT_NAMES } from '../spec/index.ts';
import { DURATION, durationMs } from './duration.ts';

/** What the SUT must support for the drill to mean anything. */
export const CAPABILITIES = ['authorize', 'capture', 'partial_capture', 'refund', 'partial_refund', 'void', 'webhooks', 'reconcile', 'auto_routing', 'restart'] as const;
export const INVARIANTS = INVARIANT_NAMES;
export const WORLDS = ['sim', 'live'] as const;
export const FOLLOW_UPS = ['capture', 'partial_capture', 'refund', 'partial_refund', 'void'] as const;
export const TOXICS = ['latency', 'timeout', 'reset_peer', 'down', 'bandwidth', 'slicer', 'limit_data'] as const;
export const NETWORK_TARGETS = ['stripe', 'adyen', 'core_webhooks', 'sut', 'merchant_events'] as const;
const PROVIDERS = ['stripe', 'adyen'] as const;

/** The message for a bad value; a missing required field says so first. */
const says = (message: string) => (iss: { input?: unknown }) => (iss.input === undefined ? `required: ${message}` : message);
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `one of ${values.join(', ')}` });
const duration = (message: string) => z.string({ error: says(message) }).regex(DURATION, { error: message });
const fraction = (message = '0..1') => z.number({ error: message }).min(0, { error: message }).max(1, { error: message });
const count = (message = 'a count') => z.int({ error: message }).min(0, { error: message });

export const TrafficSchema = z.strictObject(
  {
    rate: z.number({ error: says('payments per second, 0 < rate ≤ 200') }).gt(0, { error: 'payments per second, 0 < rate ≤ 200' }).max(200, { error: 'payments per second, 0 < rate ≤ 200' })
      .describe('Payments started per second (virtual seconds in the simulation world).'),
    duration: duration('a duration up to 10m')
      .refine((d) => !DURATION.test(d) || durationMs(d) <= 600_000, { error: 'a duration up to 10m' })
      .describe('Length of the safety phase, e.g. "10s" (ms, s or m; up to 10m).'),
    maxPayments: z.int({ error: '1..10000' }).min(1, { error: '1..10000' }).max(10_000, { error: '1..10000' }).optional().describe('Upper bound on payments, whatever rate × duration says.'),
    providers: z
      .array(oneOf([...PROVIDERS, 'auto']), { error: says('a non-empty list of stripe, adyen, auto') })
      .min(1, { error: 'a non-empty list of stripe, adyen, auto' })
      .describe('Providers to spread payments over; `auto` lets the SUT route (and fail over).'),
    capture: z.enum(['manual', 'automatic'], { error: says('manual or automatic') }),
    followUps: z.array(oneOf(FOLLOW_UPS), { error: says(`a list of ${FOLLOW_UPS.join(', ')}`) }).describe('What each payment does after its authorization, in order.'),
    declineRate: fraction().optional().describe('Fraction of payments made with an issuer-decline test card (0..1).'),
    retryRate: fraction().optional().describe('Fraction of operations the merchant sends twice with the same Idempotency-Key (0..1).'),
    keyReuseRate: fraction()
      .optional()
      .describe("Fraction of payments whose authorization is first sent with the previous payment's Idempotency-Key: the SUT must refuse it, never answer with the other payment (0..1)."),
    currencies: z
      .array(z.string({ error: 'an ISO 4217 code such as EUR' }).regex(/^[A-Z]{3}$/, { error: 'an ISO 4217 code such as EUR' }), { error: '1 to 10 ISO 4217 codes, e.g. ["EUR", "JPY"]' })
      .min(1, { error: '1 to 10 ISO 4217 codes, e.g. ["EUR", "JPY"]' })
      .max(10, { error: '1 to 10 ISO 4217 codes, e.g. ["EUR", "JPY"]' })
      .optional()
      .describe('Currencies the payments are spread over (default EUR). Amounts are in minor units, so a zero-decimal currency (JPY) catches an integration that scales every amount by 100.'),
  },
  { error: says('the traffic shape: rate, duration, providers, capture, followUps') },
);

/** When a fault starts (from the start of the safety phase) and how long it lasts (default: to the end of it). */
const timed = {
  at: duration('a duration from the start of the safety phase').describe('When the fault starts, from the start of the safety phase, e.g. "2s".'),
  for: duration('a duration').optional().describe('How long the fault lasts (default: to the end of the safety phase).'),
};
const provider = z.enum(PROVIDERS, { error: says('stripe or adyen') });

const PspFault = z
  .strictObject({ ...timed, kind: z.literal('psp'), provider, rule: FaultRuleSchema })
  .describe("A rule in the PSP simulator's fault plan (simulators/README.md).");
const NetworkFault = z
  .strictObject({
    ...timed,
    kind: z.literal('network'),
    target: z.enum(NETWORK_TARGETS, { error: says(`one of ${NETWORK_TARGETS.join(', ')}`) }),
    toxic: z.enum(TOXICS, { error: says(`a Toxiproxy toxic or down: ${TOXICS.join(', ')}`) }),
    attributes: z.record(z.string(), z.number({ error: 'a number' })).optional().describe("The toxic's Toxiproxy attributes, e.g. { \"latency\": 800 }."),
  })
  .describe("On the wire to a PSP, on the PSPs' webhooks to the SUT (core_webhooks), on the merchant's calls to the SUT (sut), or on the SUT's events to the merchant (merchant_events).");
const ProcessFault = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ ...timed, kind: z.literal('process'), action: z.literal('sigkill') }).describe('SIGKILL the SUT, then start it again on the same database.'),
    z
      .strictObject({
        ...timed,
        kind: z.literal('process'),
        action: z.literal('crash_after_provider_call'),
        calls: z.int({ error: says('the provider call (1..1000) right after which the SUT dies') }).min(1, { error: 'the provider call (1..1000) right after which the SUT dies' }).max(1000, { error: 'the provider call (1..1000) right after which the SUT dies' }),
      })
      .describe("The SUT SIGKILLs itself right after its provider call number `calls` (counted from the world's start), before writing the outcome; then it is restarted on the same database."),
  ],
  { error: says('sigkill or crash_after_provider_call') },
);
const SettlementFault = z
  .strictObject({ ...timed, kind: z.literal('settlement'), provider, gap: SettlementGapSchema })
  .describe("The PSP's settlement report leaves a line out, adds one, or gets an amount wrong; it stays wrong until the drill is judged.");

export const DrillFaultSchema = z.discriminatedUnion('kind', [PspFault, NetworkFault, ProcessFault, SettlementFault], {
  error: (iss) => (iss.code === 'invalid_union' ? 'psp, network, process or settlement' : 'a fault: { "at", "kind", ... }'),
});

export const PassCriteriaSchema = z
  .strictObject({
    maxPlatformFailureRate: fraction('a fraction 0..1').optional().describe('Failures the platform caused (issuer declines excluded), as a fraction of operations.'),
    minAuthorizationSuccessRate: fraction('a fraction 0..1').optional(),
    maxDuplicateRate: fraction('a fraction 0..1').optional(),
    maxUnknownAfterHeal: count().optional(),
    maxReconciliationMismatchRate: fraction('a fraction 0..1').optional(),
    minSettlementDiscrepancies: count().optional().describe("Discrepancies the SUT's own reconciliation must report against the settlement file (settlement gaps)."),
    maxSettlementDiscrepancies: count().optional().describe('And at most this many: a discrepancy that is not there is a false alarm.'),
    maxEarlyRetries: count().optional().describe('Requests that came back to a PSP before the Retry-After its 429 asked for.'),
  }, { error: says('the pass criteria (may be {})') });

export const ExerciseSchema = z
  .strictObject({
    minPerProvider: z.int({ error: '1..1000' }).min(1, { error: '1..1000' }).max(1000, { error: '1..1000' }).optional().describe('Each targeted operation must reach the PSP at least this often per provider (default 1).'),
  }, { error: '{ "minPerProvider": n }' })
  .describe('What the drill must have exercised for its verdict to mean anything (harness/drill/exercise.ts).');

export const DrillSchema = z
  .strictObject(
    {
      $schema: z.string().optional().describe('Where editors find this schema: "../drill.schema.json".'),
      name: z.string({ error: says('kebab-case, as the file name') }).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'kebab-case, as the file name' }).describe('kebab-case, the file name without .json'),
      description: z.string({ error: says('say what the drill does to the SUT') }).min(10, { error: 'say what the drill does to the SUT' }),
      requires: z.array(oneOf(CAPABILITIES), { error: says(`a list of ${CAPABILITIES.join(', ')}`) }).describe('What the SUT must support for the drill to mean anything.'),
      worlds: z
        .array(z.enum(WORLDS, { error: 'sim or live' }), { error: says('a non-empty list of sim, live') })
        .min(1, { error: 'a non-empty list of sim, live' })
        .describe('Where the drill can run; the first is where the gate runs it.'),
      traffic: TrafficSchema,
      faults: z.array(DrillFaultSchema, { error: says('a list (may be empty)') }),
      invariants: z.union([z.literal('all'), z.array(z.enum(INVARIANTS)).min(1)], { error: says(`"all" or a list of ${INVARIANTS.join(', ')}`) }),
      pass: PassCriteriaSchema,
      exercise: ExerciseSchema.optional(),
    },
    { error: 'not a JSON object' },
  )
  .meta({ title: 'Gauntlet drill', description: 'One named resilience drill: traffic shape, fault schedule, invariants and pass criteria (scenarios/README.md).' });
