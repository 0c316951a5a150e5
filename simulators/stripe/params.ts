// Parameter schemas: every endpoint declares the parameters it takes; anything else is a
// `parameter_unknown`, anything malformed a `parameter_invalid_*` naming the parameter, in
// Stripe's bracket notation (`metadata[order]`, `created[gte]`).
import { amountProblem, isKnownCurrency, parseIntegerString } from '../kernel/index.ts';
import { invalidRequest, missingParameter, unknownParameter } from './errors.ts';
import type { FormObject, FormValue } from './form.ts';

export type Field =
  /** A charge amount in the minor unit: a positive integer up to MAX_AMOUNT. */
  | { kind: 'amount'; required?: true }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'string'; required?: true; maxLength?: number }
  | { kind: 'currency'; required?: true }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'metadata' }
  | { kind: 'strings'; required?: true; maxItems?: number; pattern?: RegExp }
  | { kind: 'expand'; allowed: readonly string[] }
  | { kind: 'hash'; fields: Schema }
  /** A timestamp filter: an integer, or `{gt, gte, lt, lte}`. */
  | { kind: 'range' };

export type Schema = Record<string, Field>;

export interface Range {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** Validated parameters; read them with the typed getters below. */
export type Params = Record<string, unknown>;

const MAX_STRING = 5_000;
const METADATA_KEYS = 50;
const METADATA_KEY_LENGTH = 40;
const METADATA_VALUE_LENGTH = 500;

export function validate(input: FormObject, schema: Schema, prefix?: string): Params {
  const out: Params = {};
  for (const key of Object.keys(input)) {
    const name = prefix ? `${prefix}[${key}]` : key;
    const field = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (!field) throw unknownParameter(name);
    out[key] = convert(input[key]!, field, name);
  }
  for (const key of requiredOf(schema)) {
    if (out[key] === undefined) throw missingParameter(prefix ? `${prefix}[${key}]` : key);
  }
  return out;
}

/** A schema's required parameters in declaration order, worked out once per schema (schemas are constants). */
const REQUIRED = new WeakMap<Schema, string[]>();
function requiredOf(schema: Schema): string[] {
  let keys = REQUIRED.get(schema);
  if (keys === undefined) {
    keys = Object.entries(schema)
      .filter(([, field]) => 'required' in field && field.required)
      .map(([key]) => key);
    REQUIRED.set(schema, keys);
  }
  return keys;
}

function convert(value: FormValue, field: Field, name: string): unknown {
  switch (field.kind) {
    case 'amount': {
      const n = integer(value, name);
      const problem = amountProblem(n);
      if (problem === 'not_positive') throw invalidRequest('This value must be greater than or equal to 1.', { param: name, code: 'parameter_invalid_integer' });
      if (problem === 'too_large') throw invalidRequest('Amount must be no more than 99999999 in the currency’s smallest unit.', { param: name, code: 'amount_too_large' });
      if (problem) throw invalidRequest(`Invalid integer: ${String(value)}`, { param: name, code: 'parameter_invalid_integer' });
      return n;
    }
    case 'integer': {
      const n = integer(value, name);
      if (n < field.min || n > field.max) {
        throw invalidRequest(`Invalid ${name}: must be an integer from ${field.min} to ${field.max}`, { param: name, code: 'parameter_invalid_integer' });
      }
      return n;
    }
    case 'string': {
      const s = string(value, name);
      if (s.length > (field.maxLength ?? MAX_STRING)) throw invalidRequest(`Invalid ${name}: must be at most ${field.maxLength ?? MAX_STRING} characters`, { param: name });
      return s;
    }
    case 'currency': {
      const s = string(value, name);
      if (!/^[A-Za-z]{3}$/.test(s) || !isKnownCurrency(s)) {
        throw invalidRequest(`Invalid currency: ${s.toLowerCase()}. Stripe currently supports these currencies: usd, eur, gbp, jpy, ... (see https://stripe.com/docs/currencies)`, { param: name });
      }
      return s.toLowerCase();
    }
    case 'boolean': {
      const s = string(value, name);
      if (s !== 'true' && s !== 'false') throw invalidRequest(`Invalid boolean: ${s}`, { param: name });
      return s === 'true';
    }
    case 'enum': {
      const s = string(value, name);
      if (!field.values.includes(s)) throw invalidRequest(`Invalid ${name}: must be one of ${field.values.join(', ')}`, { param: name });
      return s;
    }
    case 'metadata':
      return metadata(value, name);
    case 'strings':
    case 'expand': {
      if (!Array.isArray(value)) throw invalidRequest(`Invalid array: ${name} must be a list (${name}[]=...)`, { param: name });
      const items = value.map((v, i) => string(v, `${name}[${i}]`));
      if (field.kind === 'expand') {
        items.forEach((item, i) => {
          if (!field.allowed.includes(item)) throw invalidRequest(`This property cannot be expanded (${item}).`, { param: `${name}[${i}]` });
        });
      } else {
        if (items.length > (field.maxItems ?? 100)) throw invalidRequest(`Invalid ${name}: at most ${field.maxItems ?? 100} items`, { param: name });
        items.forEach((item, i) => {
          if (field.pattern && !field.pattern.test(item)) throw invalidRequest(`Invalid ${name}[${i}]: ${item}`, { param: `${name}[${i}]` });
        });
        if (field.required && items.length === 0) throw missingParameter(name);
      }
      return items;
    }
    case 'hash':
      if (!isObject(value)) throw invalidRequest(`Invalid object: ${name} must be a hash (${name}[key]=...)`, { param: name });
      return validate(value, field.fields, name);
    case 'range': {
      if (typeof value === 'string') {
        const n = integer(value, name);
        return { gte: n, lte: n } satisfies Range;
      }
      if (!isObject(value)) throw invalidRequest(`Invalid ${name}: an integer or a hash of gt, gte, lt, lte`, { param: name });
      const bound = { kind: 'integer', min: 0, max: 2 ** 40 } as const;
      return validate(value, { gt: bound, gte: bound, lt: bound, lte: bound }, name) as Range;
    }
  }
}

function integer(value: FormValue, name: string): number {
  const n = typeof value === 'string' ? parseIntegerString(value) : undefined;
  if (n === undefined) throw invalidRequest(`Invalid integer: ${typeof value === 'string' ? value : JSON.stringify(value)}`, { param: name, code: 'parameter_invalid_integer' });
  return n;
}

function string(value: FormValue, name: string): string {
  if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${name} must be a string, not a ${Array.isArray(value) ? 'list' : 'hash'}`, { param: name });
  return value;
}

function metadata(value: FormValue, name: string): Record<string, string> {
  // `metadata=` (empty) clears all keys, as in Stripe.
  if (value === '') return {};
  if (!isObject(value)) throw invalidRequest(`Invalid object: ${name} must be a hash (${name}[key]=value)`, { param: name });
  const keys = Object.keys(value);
  if (keys.length > METADATA_KEYS) throw invalidRequest(`Invalid ${name}: at most ${METADATA_KEYS} keys`, { param: name });
  const out: Record<string, string> = {};
  for (const key of keys) {
    const param = `${name}[${key}]`;
    if (key.length > METADATA_KEY_LENGTH) throw invalidRequest(`Invalid ${name}: keys must be at most ${METADATA_KEY_LENGTH} characters`, { param });
    const v = string(value[key]!, param);
    if (v.length > METADATA_VALUE_LENGTH) throw invalidRequest(`Invalid ${name}: values must be at most ${METADATA_VALUE_LENGTH} characters`, { param });
    // An empty value unsets the key, as in Stripe.
    if (v === '') continue;
    Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isObject(v: FormValue): v is FormObject {
  return typeof v === 'object' && !Array.isArray(v);
}

// Typed getters for validated parameters.
export const get = {
  str: (p: Params, k: string): string | undefined => p[k] as string | undefined,
  num: (p: Params, k: string): number | undefined => p[k] as number | undefined,
  bool: (p: Params, k: string): boolean | undefined => p[k] as boolean | undefined,
  list: (p: Params, k: string): string[] => (p[k] as string[] | undefined) ?? [],
  meta: (p: Params, k: string): Record<string, string> | undefined => p[k] as Record<string, string> | undefined,
  range: (p: Params, k: string): Range | undefined => p[k] as Range | undefined,
  hash: (p: Params, k: string): Params | undefined => p[k] as Params | undefined,
};
