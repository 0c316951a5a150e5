// The merchant contract: a checkout client (consumer) against the merchant API (provider), and
// its verification against any running service that speaks that API.
import { serveSimulator } from '../../simulators/index.ts';
import { committedPact } from '../pact-files.ts';
import { verifyHttpPact, type VerificationReport } from '../verify.ts';
import { MERCHANT_PACT } from './pact.ts';
import { providerStatesApp } from './provider-states.ts';

export { MERCHANT_PACT, STATES as MERCHANT_STATES } from './pact.ts';
export { CheckoutClient, UnexpectedResponseError, type ApiError, type CreatePayment, type Payment, type PaymentStatus, type Result } from './checkout-client.ts';
export { providerStatesApp } from './provider-states.ts';

/**
 * Verifies the committed merchant pact against the service at baseUrl. The provider states are
 * served on loopback for the duration of the run and create what each interaction needs through
 * the service's own API, so nothing is asked of the service beyond the merchant API itself.
 */
export async function verifyMerchantPact({ baseUrl }: { baseUrl: string }): Promise<VerificationReport> {
  const states = await serveSimulator({ app: providerStatesApp({ baseUrl: baseUrl.replace(/\/$/, '') }) });
  try {
    return await verifyHttpPact({ pactFile: committedPact(MERCHANT_PACT), baseUrl, stateUrl: `${states.url}/` });
  } finally {
    await states.close();
  }
}
