// The world file: what `gauntlet up --json` prints and `--world-file` reads back (the user's own
// service, a compose stack, CI). One zod schema is the format; LiveWorldDescription is inferred
// from it, and parseWorldDescription (world-control.ts) refuses a file with every bad field named.
// Unknown fields are dropped, not refused: a world file written by a newer `gauntlet up` still
// attaches.
import { z } from 'zod';

export const PROXY_NAMES = ['stripe', 'adyen', 'core_webhooks'] as const;
export type ProxyName = (typeof PROXY_NAMES)[number];

const url = z.string({ error: 'missing or not a URL' }).regex(/^https?:\/\//, { error: 'missing or not a URL' });
const text = (what: string) => z.string({ error: `must be a string (${what})` });
const object = (what: string) => ({ error: `missing or not an object (${what})` });

export const ProxyDescriptionSchema = z.object(
  {
    /** Where clients connect: http://127.0.0.1:port */
    listen: url,
    /** What it forwards to: http://127.0.0.1:port (informational: the harness never connects to it). */
    upstream: z.string().optional(),
  },
  object('{ listen, upstream }'),
);

export const LiveWorldDescriptionSchema = z.object(
  {
    core: url,
    simulators: z.object({ stripe: url, adyen: url }, object('{ stripe, adyen } URLs')),
    toxiproxy: z.object(
      {
        api: url,
        proxies: z.object(Object.fromEntries(PROXY_NAMES.map((n) => [n, ProxyDescriptionSchema])) as Record<ProxyName, typeof ProxyDescriptionSchema>, object(PROXY_NAMES.join(', '))),
      },
      object('{ api, proxies }'),
    ),
    /**
     * What the SUT must be configured with to take the simulators' webhooks: where they are sent
     * (through the core_webhooks proxy) and the secret each is signed with. Fresh for every world.
     */
    webhooks: z
      .object(
        {
          stripe: z.object({ url, secret: text('the Stripe webhook signing secret') }, object('{ url, secret }')),
          adyen: z.object({ url, hmacKey: text('the Adyen HMAC key, hex') }, object('{ url, hmacKey }')),
        },
        object('{ stripe, adyen }'),
      )
      .optional(),
    /** The API keys the SUT calls the simulators with (Adyen's simulator takes only its own). Fresh for every world. */
    apiKeys: z.object({ stripe: text('the Stripe API key'), adyen: text('the Adyen API key') }, object('{ stripe, adyen }')).optional(),
    /** The simulators' control API (/__gauntlet/) wants `Authorization: Bearer <token>`. Fresh for every world. */
    control: z.object({ token: text("the simulators' control API token") }, object('{ token }')).optional(),
  },
  { error: 'not a JSON object (expected what `gauntlet up --json` prints)' },
);

export type ProxyDescription = z.output<typeof ProxyDescriptionSchema>;
/** What `gauntlet up --json` prints. */
export type LiveWorldDescription = z.output<typeof LiveWorldDescriptionSchema>;
