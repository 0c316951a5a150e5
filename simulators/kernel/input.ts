// What every simulator surface refuses before it looks at a request's meaning: text that no
// receiver downstream can hold (NUL: Postgres text cannot store it; a lone UTF-16 surrogate: it
// has no UTF-8 encoding, so form encoders and JSON writers elsewhere throw on it) and JSON nested
// deeper than any real request (recursive code downstream, fingerprints included, would overflow
// the stack). Each surface turns a problem into its own dialect's 4xx.

import { textProblem } from '../../spec/index.ts';

/** Deeper than any Checkout request or fault plan (Adyen's deepest objects sit at about 5). */
export const MAX_JSON_DEPTH = 32;
/** Objects, arrays and values in one JSON body: well above any real request, well below harm. */
export const MAX_JSON_NODES = 20_000;

export { textProblem };

export type JsonRead = { ok: true; value: unknown } | { ok: false; message: string; path?: string };

/**
 * Parses untrusted JSON: the nesting depth is checked on the raw text before parsing, then every
 * key and string value is checked with `textProblem`. `path` names the offending field
 * (`paymentMethod.holderName`, `rules[0].id`) so an answer can point at it.
 */
export function readJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonRead {
  const depth = nestingDepth(text);
  if (depth > maxDepth) return { ok: false, message: `nested deeper than ${maxDepth} levels` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : 'not JSON' };
  }
  const problem = jsonTextProblem(value);
  return problem ? { ok: false, ...problem } : { ok: true, value };
}

/** The deepest `{`/`[` nesting outside strings; a linear scan that never recurses. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      depth++;
      if (depth > max) max = depth;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return max;
}

/** The first key or string value in a parsed JSON value that `textProblem` refuses (iterative). */
export function jsonTextProblem(value: unknown): { message: string; path: string } | undefined {
  const stack: [unknown, string][] = [[value, '']];
  let nodes = 0;
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (++nodes > MAX_JSON_NODES) return { message: `more than ${MAX_JSON_NODES} values`, path };
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return { message: problem, path };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k;
        const problem = textProblem(k);
        if (problem) return { message: `a field name ${problem}`, path: path || '(root)' };
        stack.push([child, at]);
      }
    }
  }
  return undefined;
}
