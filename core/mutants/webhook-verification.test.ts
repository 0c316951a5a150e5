// The webhook-verification mutants are real bugs, each shown against the simulators' forgeries,
// with the same scenario passing on the correct core. And the old `signature-not-verified` is
// now visibly fooled by a forgery that lies: the payment shows a refund the ledger never saw.
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultRule } from '../../simulators/index.ts';
import { coreWorld, type World } from '../testing/world.ts';
import type { CoreOptions } from '../core.ts';
import { withMutant, type MutantName } from './index.ts';

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

type Provider = 'stripe' | 'adyen';

/** Authorizes and captures 5000 with `rules` on the provider's webhooks; the answers each kind of delivery got. */
async function scenario(mutant: MutantName | undefined, provider: Provider, rules: FaultRule[]) {
  const w = await coreWorld({ seed: 3, ...(mutant ? { shape: (o: CoreOptions) => withMutant(o, mutant) } : {}) });
  worlds.push(w);
  const sim = provider === 'stripe' ? w.stripe : w.adyen;
  sim.kernel.faults.set({ rules });
  const order = { amount: 5000, currency: 'EUR', provider, paymentMethod: provider === 'adyen' ? 'holder:Ada Lovelace' : 'pm_card_visa', capture: 'manual', reference: 'order-w' };
  const id = (await w.api('POST', '/v1/payments', order)).body.id as string;
  await w.api('POST', `/v1/payments/${id}/captures`, {});
  await w.drainWebhooks();
  const answers = (kind: string) => [...new Set(sim.kernel.webhooks.list().filter((d) => d.kind === kind).flatMap((d) => d.attempts.map((a) => a.status)))].sort();
  const view = (await w.api('GET', `/v1/payments/${id}`)).body;
  return { genuine: answers('genuine'), forged: answers('forged'), refunded: view.amounts.refunded as number, pspRefunds: sim.kernel.ledger.all().filter((m) => m.kind === 'refund').length };
}

const forge = (signature: string, lie = 'refund'): FaultRule[] => [{ match: { event: '*' }, times: 1, effect: { type: 'forge', lie, signature } as FaultRule['effect'] }];

describe.each(['stripe', 'adyen'] as const)('webhook verification mutants, %s', (provider) => {
  it('genuine-webhooks-refused: every genuine delivery is answered 400; the correct core accepts them all', async () => {
    expect((await scenario(undefined, provider, [])).genuine).toEqual([200]);
    const mutant = await scenario('genuine-webhooks-refused', provider, []);
    expect(mutant.genuine).toEqual([400]);
  });

  it.each(['missing', 'empty'])('missing-signature-accepted: a refund forgery with the signature %s is applied; the correct core refuses it', async (signature) => {
    expect(await scenario(undefined, provider, forge(signature))).toMatchObject({ forged: [400], refunded: 0, pspRefunds: 0 });
    expect(await scenario('missing-signature-accepted', provider, forge(signature))).toMatchObject({ forged: [200], refunded: 5000, pspRefunds: 0 });
  });

  it.each(['wrong_secret', 'malformed'])('missing-signature-accepted still refuses a forgery whose signature is %s', async (signature) => {
    expect(await scenario('missing-signature-accepted', provider, forge(signature))).toMatchObject({ forged: [400], refunded: 0 });
  });

  it('signature-not-verified: a lying refund forgery (wrong secret) is applied, a refund the ledger never saw', async () => {
    expect(await scenario(undefined, provider, forge('wrong_secret'))).toMatchObject({ genuine: [200], forged: [400], refunded: 0, pspRefunds: 0 });
    expect(await scenario('signature-not-verified', provider, forge('wrong_secret'))).toMatchObject({ forged: [200], refunded: 5000, pspRefunds: 0 });
  });
});
