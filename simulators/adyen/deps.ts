// What the operations share: the kernel, the dialect's payment store and the configuration.
import type { Kernel } from '../kernel/index.ts';
import type { AdyenPaymentStore } from './store.ts';

export interface AdyenConfig {
  /** When set, requests must name this merchant account (else 403 Invalid Merchant Account). */
  merchantAccount?: string;
  /** The merchant account's capture delay: immediate (Adyen's default) or manual. */
  defaultCapture: 'immediate' | 'manual';
  /** Send CAPTURE notifications for automatic captures too (an opt-in setting at Adyen). */
  autoCaptureNotifications: boolean;
}

export interface AdyenDeps {
  kernel: Kernel;
  store: AdyenPaymentStore;
  config: AdyenConfig;
}
