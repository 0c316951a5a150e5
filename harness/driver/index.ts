// The driver's public face.
export type * from './types.ts';
export { createMerchantApiDriver, observe, type MerchantApiDriverOptions } from './merchant-api-driver.ts';
export { loadDriver } from './load.ts';
