// The driver's public face.
export type * from './types.ts';
export { OPERATION_CAPABILITIES } from './types.ts';
export { createMerchantApiDriver, MERCHANT_API_CAPABILITIES, observe, type MerchantApiDriverOptions } from './merchant-api-driver.ts';
export { loadDriver } from './load.ts';
