// A route's body, read and checked before its handler runs: `validBody(schema)` is the merchant
// API's standard-schema validator (any Standard Schema: the zod schemas of bodies.ts), and the
// handler takes the typed value with `c.req.valid('json')`, as with `@hono/standard-validator`.
//
// Why not `sValidator('json', …)` itself: it reads a body only under a JSON Content-Type (any other
// body would be validated as `{}`, so `{"amount":500}` sent as text/plain would capture in full),
// and it throws a plain 400 HTTPException, outside the core's error shape, on an empty body, which
// is how captures, refunds and voids say "no options". The merchant API has always read a body as
// JSON whatever its Content-Type says, with the core's own errors: an empty body is no body, text
// that is not JSON is `body_invalid`, every key and string must be storable (well-formed.ts), and
// a body the schema refuses is answered by body-refusal.ts.
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { refusal } from './body-refusal.ts';
import { invalid } from './errors.ts';
import { requireWellFormedJson } from './well-formed.ts';

function parse(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid('body_invalid', 'The body is not valid JSON');
  }
}

type Validated<S extends StandardSchemaV1> = { in: { json: StandardSchemaV1.InferInput<S> }; out: { json: StandardSchemaV1.InferOutput<S> } };

export function validBody<S extends StandardSchemaV1>(schema: S): MiddlewareHandler<Env, string, Validated<S>> {
  return async (c, next) => {
    const body = parse(await c.req.text());
    requireWellFormedJson(body);
    const result = await schema['~standard'].validate(body);
    if (result.issues) throw refusal(result.issues);
    c.req.addValidatedData('json', result.value as object);
    await next();
  };
}

/**
 * The body as sent (parsed, before the schema's defaults and case folding): what the merchant's
 * Idempotency-Key fingerprint covers, so a retry must repeat the request itself. Read after
 * `validBody` (Hono keeps the text, so this parses what was already checked).
 */
export async function sentBody(c: Context): Promise<unknown> {
  return parse(await c.req.text());
}
