// The simulation world routes its apps with Hono's LinearRouter (nothing compiled per run); servers
// keep Hono's default. Both must route every request the same way: each route of each app, asked
// with a concrete path, gets the same status and body from both.
import { describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createCore, createStripeAdapter, createAdyenAdapter, openMemoryStore } from '../../core/index.ts';
import { VirtualClock, createAdyenSimulator, createStripeSimulator, seededRandom } from '../../simulators/index.ts';

type Routing = { appRouter?: 'linear' };

function apps(routing: Routing): Record<string, Hono> {
  const env = { clock: new VirtualClock(0), random: seededRandom(1), fetch: () => Promise.reject(new Error('no network here')), ...routing };
  const stripe = createStripeSimulator({ env });
  const adyen = createAdyenSimulator({ env: { ...env, random: seededRandom(2) }, hmacKey: '00'.repeat(32) });
  const adapterEnv = { fetch: env.fetch };
  const core = createCore({
    env: { ...env, random: seededRandom(3) },
    store: openMemoryStore(),
    adapters: {
      stripe: createStripeAdapter({ baseUrl: 'http://stripe.sim', apiKey: 'sk_test_x', webhookSecret: 'whsec_x', ...adapterEnv }),
      adyen: createAdyenAdapter({ baseUrl: 'http://adyen.sim', apiKey: 'k', merchantAccount: 'M', hmacKey: '00'.repeat(32), ...adapterEnv }),
    },
  });
  return { stripe: stripe.app as unknown as Hono, adyen: adyen.app as unknown as Hono, core: core.app };
}

const concrete = (path: string) => path.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, 'x1').replace(/\*/g, 'a/b');

describe('LinearRouter in the simulation world', () => {
  for (const name of ['stripe', 'adyen', 'core'] as const) {
    it(`${name}: every route answers the same as with Hono's default router`, async () => {
      const linear = apps({ appRouter: 'linear' })[name]!;
      const smart = apps({})[name]!;
      const routes = [...new Set(smart.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${concrete(r.path)}`))];
      expect(routes.length).toBeGreaterThan(3);
      for (const route of [...routes, 'GET /no/such/route']) {
        const [method, path] = route.split(' ') as [string, string];
        const ask = (app: Hono) => app.fetch(new Request(`http://${name}.sim${path}`, { method, ...(method === 'GET' || method === 'HEAD' ? {} : { body: '' }) }));
        const [a, b] = await Promise.all([ask(linear), ask(smart)]);
        expect([route, a.status, await a.text()]).toEqual([route, b.status, await b.text()]);
      }
    });
  }
});
