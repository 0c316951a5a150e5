// Adyen's refusal reasons (docs.adyen.com, "Refusal reasons"), as stable snake_case decline codes.
// The code comes from `refusalReasonCode` when Adyen sends a known one, else from the
// `refusalReason` text, else `generic_decline`. resultCode `Error` is always `processing_error`:
// an acquirer-side failure to process, reported as a decline because it is the payment's outcome
// (nothing is authorised, nothing is held), not a failure of the call.
// The names follow the harness's decline vocabulary (simulators/kernel/catalogue.ts) where it has one.

/** [refusalReasonCode, refusalReason, the core's code] */
const REFUSALS: readonly (readonly [string, string, string])[] = [
  ['2', 'Refused', 'generic_decline'],
  ['3', 'Referral', 'referral'],
  ['4', 'Acquirer Error', 'processing_error'],
  ['5', 'Blocked Card', 'blocked_card'],
  ['6', 'Expired Card', 'expired_card'],
  ['7', 'Invalid Amount', 'invalid_amount'],
  ['8', 'Invalid Card Number', 'invalid_card_number'],
  ['9', 'Issuer Unavailable', 'issuer_unavailable'],
  ['10', 'Not supported', 'card_not_supported'],
  ['11', '3D Not Authenticated', 'authentication_failed'],
  ['12', 'Not enough balance', 'insufficient_funds'],
  ['14', 'Acquirer Fraud', 'fraudulent'],
  ['15', 'Cancelled', 'cancelled'],
  ['16', 'Shopper Cancelled', 'cancelled'],
  ['17', 'Invalid Pin', 'incorrect_pin'],
  ['18', 'Pin tries exceeded', 'pin_tries_exceeded'],
  ['19', 'Pin validation not possible', 'pin_validation_failed'],
  ['20', 'FRAUD', 'fraudulent'],
  ['21', 'Not Submitted', 'generic_decline'],
  ['22', 'FRAUD-CANCELLED', 'fraudulent'],
  ['23', 'Transaction Not Permitted', 'transaction_not_allowed'],
  ['24', 'CVC Declined', 'incorrect_cvc'],
  ['25', 'Restricted Card', 'restricted_card'],
  ['26', 'Revocation Of Auth', 'revocation_of_authorization'],
  ['27', 'Declined Non Generic', 'generic_decline'],
  ['28', 'Withdrawal amount exceeded', 'withdrawal_amount_exceeded'],
  ['29', 'Withdrawal count exceeded', 'withdrawal_count_exceeded'],
  ['31', 'Issuer Suspected Fraud', 'fraudulent'],
  ['32', 'AVS Declined', 'address_verification_failed'],
  ['33', 'Card requires online pin', 'online_pin_required'],
  ['34', 'No checking account available on Card', 'no_checking_account'],
  ['35', 'No savings account available on Card', 'no_savings_account'],
  ['36', 'Mobile pin required', 'mobile_pin_required'],
  ['37', 'Contactless fallback', 'contactless_fallback'],
  ['38', 'Authentication required', 'authentication_required'],
  ['39', 'RReq not received from DS', 'authentication_failed'],
  ['42', '3DS Authentication Error', 'authentication_failed'],
  ['43', 'Online PIN required', 'online_pin_required'],
  ['46', 'Transaction blocked by Adyen to prevent excessive retry fees', 'retry_blocked'],
];

const BY_CODE = new Map(REFUSALS.map(([code, , name]) => [code, name]));
const BY_TEXT = new Map(REFUSALS.map(([, text, name]) => [text.toLowerCase(), name]));

export interface Refusal {
  resultCode: string;
  refusalReason?: string;
  refusalReasonCode?: string;
}

/** The decline code for a `Refused` (or `Error`) answer. */
export function declineCode(refusal: Refusal): string {
  if (refusal.resultCode === 'Error') return 'processing_error';
  const byCode = refusal.refusalReasonCode !== undefined ? BY_CODE.get(refusal.refusalReasonCode) : undefined;
  if (byCode) return byCode;
  const byText = refusal.refusalReason !== undefined ? BY_TEXT.get(refusal.refusalReason.trim().toLowerCase()) : undefined;
  return byText ?? 'generic_decline';
}

/** A human message: Adyen's words and code. */
export function declineMessage(refusal: Refusal): string {
  const reason = refusal.refusalReason ?? refusal.resultCode;
  return refusal.refusalReasonCode !== undefined ? `${refusal.resultCode}: ${reason} (${refusal.refusalReasonCode})` : `${refusal.resultCode}: ${reason}`;
}
