// Fresh secrets per world, in the providers' shapes; what counts as loopback; how a child gets them.
import { describe, expect, it } from 'vitest';
import { SECRET_ENV, checkSecretShape, flattenSecrets, generateWorldSecrets, isLoopbackHost, secretsEnv } from './secrets.ts';

describe('generateWorldSecrets', () => {
  it('makes different secrets every time, each in the shape its provider issues', () => {
    const a = flattenSecrets(generateWorldSecrets());
    const b = flattenSecrets(generateWorldSecrets());
    for (const [name, value] of Object.entries(a) as [keyof typeof a, string][]) {
      expect(checkSecretShape(name, value), name).toBeUndefined();
      expect(value, name).not.toBe(b[name]);
    }
  });
});

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.8.9.10', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is loopback', (h) => expect(isLoopbackHost(h)).toBe(true));
  it.each(['0.0.0.0', '::', '[::]', '10.0.0.5', '192.168.1.2', 'example.com', 'localhost.evil.com', '128.0.0.1', ''])('%s is not', (h) => expect(isLoopbackHost(h)).toBe(false));
});

describe('checkSecretShape', () => {
  it('refuses what no provider issues', () => {
    expect(checkSecretShape('stripeWebhookSecret', 'secret')).toMatch(/whsec_/);
    expect(checkSecretShape('adyenHmacKey', 'xyz')).toMatch(/hex/);
    expect(checkSecretShape('stripeApiKey', 'sk_live_abcdefghij')).toMatch(/sk_test_/);
    expect(checkSecretShape('controlToken', 'short')).toMatch(/16/);
  });
});

describe('secretsEnv', () => {
  it('hands the given secrets over as GAUNTLET_* variables and drops inherited ones it was not given', () => {
    const env = secretsEnv({ PATH: '/bin', [SECRET_ENV.controlToken]: 'inherited-token-0123456789' }, { stripeWebhookSecret: 'whsec_abcdefgh12' });
    expect(env).toEqual({ PATH: '/bin', GAUNTLET_STRIPE_WEBHOOK_SECRET: 'whsec_abcdefgh12' });
  });
});
