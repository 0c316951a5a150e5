// The world file (what `gauntlet up --json` prints, what --world-file reads): the committed
// compose world and a full one parse; a bad one is refused with every bad field named by its path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWorldDescription } from './world-control.ts';

const composeWorld = readFileSync(join(import.meta.dirname, '..', 'containers', 'compose-world.json'), 'utf8');
const url = (port: number) => `http://127.0.0.1:${port}`;
const full = {
  core: url(12100),
  simulators: { stripe: url(12111), adyen: url(12112) },
  toxiproxy: {
    api: url(8474),
    proxies: { stripe: { listen: url(22111), upstream: url(12111) }, adyen: { listen: url(22112), upstream: url(12112) }, core_webhooks: { listen: url(22100), upstream: url(12100) } },
  },
  webhooks: { stripe: { url: `${url(22100)}/v1/webhooks/stripe`, secret: 'whsec_test' }, adyen: { url: `${url(22100)}/v1/webhooks/adyen`, hmacKey: 'ab'.repeat(32) } },
  apiKeys: { stripe: 'sk_test_x', adyen: 'adyen_key' },
  control: { token: 'token-0123456789' },
};
const problems = (value: unknown): string[] => {
  try {
    parseWorldDescription(JSON.stringify(value), 'w.json', {});
    return [];
  } catch (err) {
    return (err as Error).message.split('\n');
  }
};

describe('parseWorldDescription', () => {
  it('reads a full world file as it is, and the committed compose world', () => {
    expect(parseWorldDescription(JSON.stringify(full), 'w.json', {})).toEqual(full);
    expect(parseWorldDescription(composeWorld, 'compose-world.json', {}).toxiproxy.proxies.core_webhooks.listen).toBe('http://toxiproxy:22100');
  });

  it('takes the control token from GAUNTLET_CONTROL_TOKEN when the file has none, and the file’s own otherwise', () => {
    expect(parseWorldDescription(composeWorld, 'compose-world.json', { GAUNTLET_CONTROL_TOKEN: 'from-env' }).control).toEqual({ token: 'from-env' });
    expect(parseWorldDescription(composeWorld, 'compose-world.json', {}).control).toBeUndefined();
    expect(parseWorldDescription(JSON.stringify(full), 'w.json', { GAUNTLET_CONTROL_TOKEN: 'from-env' }).control).toEqual(full.control);
  });

  it('drops fields it does not know (a newer `gauntlet up` may print more)', () => {
    expect(parseWorldDescription(JSON.stringify({ ...full, dashboard: url(3000) }), 'w.json', {})).toEqual(full);
  });

  it('refuses what is not JSON or not an object, saying which file', () => {
    expect(() => parseWorldDescription('{"core":', 'w.json', {})).toThrow(/^w\.json: not JSON/);
    expect(problems([full])).toEqual(['w.json: not a JSON object (expected what `gauntlet up --json` prints)']);
  });

  it('names every bad field by its path, all at once', () => {
    const bad = structuredClone(full) as Record<string, any>;
    bad.core = 'ftp://core';
    delete bad.simulators.adyen;
    delete bad.toxiproxy.proxies.core_webhooks;
    bad.webhooks.adyen.hmacKey = 42;
    bad.control = { token: null };
    expect(problems(bad)).toEqual([
      'w.json: core: missing or not a URL',
      'w.json: simulators.adyen: missing or not a URL',
      'w.json: toxiproxy.proxies.core_webhooks: missing or not an object ({ listen, upstream })',
      'w.json: webhooks.adyen.hmacKey: must be a string (the Adyen HMAC key, hex)',
      "w.json: control.token: must be a string (the simulators' control API token)",
    ]);
  });
});
