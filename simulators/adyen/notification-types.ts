// The shape of Adyen's standard notification (webhook) body, apart from the code that builds it
// so that forgery.ts can read it without importing the notifications it is imported by.

export type EventCode = 'AUTHORISATION' | 'CAPTURE' | 'CAPTURE_FAILED' | 'REFUND' | 'REFUND_FAILED' | 'CANCELLATION' | 'CANCEL_OR_REFUND' | 'CHARGEBACK';

export interface NotificationRequestItem {
  additionalData?: Record<string, string>;
  amount: { value: number; currency: string };
  eventCode: EventCode;
  eventDate: string;
  merchantAccountCode: string;
  merchantReference: string;
  originalReference?: string;
  paymentMethod?: string;
  pspReference: string;
  reason?: string;
  success: 'true' | 'false';
  operations?: string[];
}

export interface NotificationBody {
  live: 'false';
  notificationItems: { NotificationRequestItem: NotificationRequestItem }[];
}
