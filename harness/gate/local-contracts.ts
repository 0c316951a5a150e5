// The gate's contract phase: every committed pact verified against Gauntlet's own providers on
// loopback — both simulators, and (unless the SUT is the user's) the reference core. The core's
// merchant pact runs against a core with simulators of its own, so the payments its provider
// states create never meet the simulators' own verification (their events, their webhook
// receivers); that independence lets the two run at once: the core and its database start while
// the simulators' pacts are verified.
import type { VerificationReport } from '../../contracts/index.ts';

export async function verifyLocalContracts(o: { core: boolean; seed: number }): Promise<VerificationReport[]> {
  const { verifyProviders } = await import('../../contracts/index.ts');
  const { startLiveSimulator } = await import('../live/simulators.ts');
  const { startLiveCore } = await import('../live/core-process.ts');

  const simulators = async (): Promise<VerificationReport[]> => {
    const stripe = await startLiveSimulator({ dialect: 'stripe', port: 0, seed: o.seed });
    const adyen = await startLiveSimulator({ dialect: 'adyen', port: 0, seed: o.seed + 1 });
    try {
      return await verifyProviders([
        { provider: 'stripe', baseUrl: stripe.url },
        { provider: 'adyen', baseUrl: adyen.url },
      ]);
    } finally {
      await Promise.all([stripe.stop(), adyen.stop()]);
    }
  };

  const core = async (): Promise<VerificationReport[]> => {
    // The merchant pact's states create payments through the core, which needs its own PSPs.
    const stripe = await startLiveSimulator({ dialect: 'stripe', port: 0, seed: o.seed + 2 });
    const adyen = await startLiveSimulator({ dialect: 'adyen', port: 0, seed: o.seed + 3 });
    try {
      const live = await startLiveCore({ port: 0, seed: o.seed, stripeUrl: stripe.url, adyenUrl: adyen.url, log: () => undefined });
      try {
        return await verifyProviders([{ provider: 'core', baseUrl: live.url }]);
      } finally {
        await live.stop();
      }
    } finally {
      await Promise.all([stripe.stop(), adyen.stop()]);
    }
  };

  const [sims, merchant] = await Promise.all([simulators(), o.core ? core() : Promise.resolve([])]);
  return [...sims, ...merchant];
}
