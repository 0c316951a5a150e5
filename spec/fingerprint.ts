// What makes two requests "the same request" for idempotency: method, path and parameters, with
// object key order not mattering. Both a PSP (replay vs conflict) and the merchant API (a key
// reused with another body) compare these.

/** A stable fingerprint of a request's parameters: key order does not matter. */
export function fingerprint(method: string, path: string, params: unknown): string {
  return `${method} ${path} ${canonicalJson(params)}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value as object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
