// gauntlet up's webhook options: provider=value pairs, URLs that must point at the SUT, secrets
// that must look like what the provider issues.
import { describe, expect, it } from 'vitest';
import { UsageError } from './args.ts';
import { parseProviderPairs, webhookPathsFrom, webhookSecretsFrom } from './up.ts';

describe('gauntlet up --webhook / --webhook-secret', () => {
  it('takes provider=value pairs, each provider once', () => {
    expect(parseProviderPairs(['stripe=/a', 'adyen=http://x/y=z'], '--webhook')).toEqual({ stripe: '/a', adyen: 'http://x/y=z' });
    expect(() => parseProviderPairs(['paypal=/a'], '--webhook')).toThrow(UsageError);
    expect(() => parseProviderPairs(['stripe'], '--webhook')).toThrow(/stripe=VALUE/);
    expect(() => parseProviderPairs(['stripe=/a', 'stripe=/b'], '--webhook')).toThrow(/twice/);
  });

  it('keeps only the path of a URL on the SUT, and refuses one elsewhere (webhooks cross the proxy to --sut-url)', () => {
    const sut = 'http://127.0.0.1:8080';
    expect(webhookPathsFrom({ stripe: 'http://127.0.0.1:8080/hooks/stripe', adyen: '/hooks/adyen?x=1' }, sut)).toEqual({ stripe: '/hooks/stripe', adyen: '/hooks/adyen?x=1' });
    expect(() => webhookPathsFrom({ stripe: 'http://127.0.0.1:9999/hooks/stripe' }, sut)).toThrow(/core_webhooks proxy/);
    expect(() => webhookPathsFrom({ stripe: 'not a url' }, sut)).toThrow(UsageError);
    expect(() => webhookPathsFrom({ stripe: '/../etc' }, sut)).toThrow(/absolute path/);
  });

  it('checks the secrets look like the providers\' own', () => {
    expect(webhookSecretsFrom({ stripe: 'whsec_abcdefgh12' })).toEqual({ stripe: 'whsec_abcdefgh12' });
    expect(() => webhookSecretsFrom({ stripe: 'secret' })).toThrow(/whsec_/);
    expect(webhookSecretsFrom({ adyen: '44782DEF547AAA06C910C43932B1EB0C' })).toEqual({ adyen: '44782DEF547AAA06C910C43932B1EB0C' });
    expect(() => webhookSecretsFrom({ adyen: 'xyz' })).toThrow(/hex/);
    expect(webhookSecretsFrom({})).toEqual({});
  });
});
