// The exact bytes a consumer example is signed over. A signature binds bytes, but a pact stores
// the message as JSON with its keys sorted: a consumer test therefore signs, and later hands the
// core, one canonical text of the content (keys sorted at every level), so the signature in the
// pact's metadata and the body rebuilt from the pact agree byte for byte.

/** Stripe sends its events pretty-printed with two spaces; Adyen sends compact JSON. */
export function canonicalJson(value: unknown, indent: 0 | 2): string {
  return JSON.stringify(sortKeys(value), null, indent === 0 ? undefined : indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
