// bigint (int8) and bigserial columns come back as JS numbers on both backends, so the core sees
// identical rows. Amounts (minor units) and millisecond timestamps fit in a double; a value that
// does not is refused loudly rather than rounded, because a rounded amount is a wrong amount.

/** PostgreSQL type oid of int8 (bigint, bigserial, count(*)). */
export const INT8_OID = 20;
/** … and of int8[] (array_agg of a bigint column). */
export const INT8_ARRAY_OID = 1016;

export class Int8RangeError extends RangeError {
  readonly text: string;
  constructor(text: string) {
    super(`bigint value ${text} is outside JavaScript's safe integer range; it cannot be read as a number without losing precision`);
    this.text = text;
    this.name = 'Int8RangeError';
  }
}

/** The int8 text parser both backends install: a safe integer, or an Int8RangeError. */
export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Int8RangeError(text);
  return n;
}
