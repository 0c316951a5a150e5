// A consumer test with two interactions for pact-update.test.ts: the second one's test fails when
// GUARD_FIXTURE_FAIL=1, so its interaction is left out of the pact Pact writes, exactly as a real
// failed or flaky consumer test would leave it out. Not a *.test.ts: the suite never runs it alone.
import { PactV4 } from '@pact-foundation/pact';
import { afterAll, expect, it } from 'vitest';
import { freshConnectionFetch } from '../fresh-connection-fetch.ts';
import { consumerPactDir, removePactDir } from '../pact-files.ts';

export const GUARD_PACT = { consumer: 'guard-consumer', provider: 'guard-provider' };

const dir = consumerPactDir(GUARD_PACT);
afterAll(() => removePactDir(dir));
const pact = new PactV4({ ...GUARD_PACT, dir, logLevel: 'error' });

for (const name of ['first', 'second']) {
  it(`the ${name} interaction`, async () => {
    await pact
      .addInteraction()
      .uponReceiving(`the ${name} request`)
      .withRequest('GET', `/${name}`)
      .willRespondWith(200, (b) => b.jsonBody({ name }))
      .executeTest(async (server) => {
        const res = await freshConnectionFetch(`${server.url}/${name}`);
        const body = (await res.json()) as { name: string };
        expect(body.name).toBe(name === 'second' && process.env.GUARD_FIXTURE_FAIL === '1' ? 'not what the provider says' : name);
      });
  });
}
