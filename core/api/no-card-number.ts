// Free text the core stores outside a body (the Idempotency-Key) must not carry a card number
// either; body fields are checked by their schemas (bodies.ts).
import { containsCardNumber } from './card-number.ts';
import { invalid } from './errors.ts';

export function noCardNumber(value: string, param: string): string {
  if (containsCardNumber(value)) throw invalid('card_number_not_accepted', `${param} holds what looks like a card number, which this API never stores`, param);
  return value;
}
