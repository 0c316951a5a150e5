// The simulators' public face: both dialects, the kernel they share, and how to serve them.
export * from './kernel/index.ts';
export { createStripeSimulator } from './stripe/index.ts';
export { createAdyenSimulator } from './adyen/index.ts';
export { STATE_API_KEY as ADYEN_STATE_API_KEY, STATE_MERCHANT_ACCOUNT as ADYEN_STATE_MERCHANT_ACCOUNT } from './adyen/provider-states.ts';
export { serveSimulator, type RunningSimulator } from './serve.ts';
export type { Simulator } from './testing/dialect-driver.ts';
export { InProcessNetworkError, inProcessFetch, type InProcessApp } from './in-process.ts';
export { inProcessRequest } from './in-process-request.ts';
export { installLightResponse } from './in-process-response.ts';
