// What Adyen knows about a payment beyond the kernel's money: the merchant account and
// reference it was made under, its capture mode and its card. The kernel's PaymentBook stays the
// authority on whether a payment exists (a control-API reset forgets payments there first).
import type { Kernel, KernelPayment } from '../kernel/index.ts';

export interface AdyenPayment {
  pspReference: string;
  merchantAccount: string;
  reference: string;
  amount: { value: number; currency: string };
  manualCapture: boolean;
  resultCode: 'Authorised' | 'Refused' | 'Error';
  brand: string;
}

export class AdyenPaymentStore {
  private readonly kernel: Kernel;
  private readonly payments = new Map<string, AdyenPayment>();

  constructor(kernel: Kernel) {
    this.kernel = kernel;
  }

  add(payment: AdyenPayment): void {
    this.payments.set(payment.pspReference, payment);
  }

  /** The payment and its kernel money, if both still exist. */
  get(pspReference: string): { payment: AdyenPayment; money: KernelPayment } | undefined {
    const money = this.kernel.payments.get(pspReference);
    const payment = this.payments.get(pspReference);
    if (!money || !payment) {
      // Forgotten by a kernel reset: drop the dialect side too.
      if (payment) this.payments.delete(pspReference);
      return undefined;
    }
    return { payment, money };
  }
}
