// How a forged delivery is named in the history: its lie and its signature, in words a reader of
// a violation understands (`a refund that did not happen, signature missing`).
export interface ForgeryShape {
  lie: string;
  signature: string;
}

const LIES: Record<string, string> = {
  none: 'the true content',
  capture: 'a capture that did not happen',
  refund: 'a refund that did not happen',
  amount: 'a wrong amount',
  unknown_payment: 'an unknown payment',
};

const SIGNATURES: Record<string, string> = {
  wrong_secret: 'signed with the wrong secret',
  missing: 'signature missing',
  empty: 'signature empty',
  malformed: 'signature malformed',
};

export function describeForgery(f: ForgeryShape): string {
  return `${LIES[f.lie] ?? f.lie}, ${SIGNATURES[f.signature] ?? f.signature}`;
}
