// What every string reaching the core must be: storable and encodable. Postgres `text` cannot
// hold U+0000, and a lone UTF-16 surrogate cannot be encoded as UTF-8 (a PSP's form or JSON
// encoder throws on it, or silently turns it into U+FFFD, so the PSP stores another reference
// than the core). Both are refused at the edge, before anything is stored or sent.
import { textProblem } from '../../spec/index.ts';
import { invalid } from './errors.ts';

/** Deeper than any request body of the merchant API needs (they are flat objects). */
export const MAX_JSON_DEPTH = 16;

export { textProblem };

/** Refuses `text` with a 400 naming `param` when it cannot be stored. */
export function requireWellFormed(text: string, param: string): string {
  const problem = textProblem(text);
  if (problem) throw invalid('parameter_invalid', `${param} ${problem}`, param);
  return text;
}

/**
 * Walks a parsed JSON body without recursion (a deep body must not overflow the stack), refusing
 * nesting past `maxDepth` and any key or string value that is not well formed.
 */
export function requireWellFormedJson(body: unknown, maxDepth = MAX_JSON_DEPTH): void {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: body, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value === 'string') {
      requireWellFormed(value, path || 'body');
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) throw invalid('body_invalid', `The body is nested more than ${maxDepth} levels deep`, path || undefined);
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    for (const [key, inner] of entries) {
      const at = path ? `${path}.${key}` : key;
      const keyProblem = textProblem(key);
      // The key itself is the bad part: name the object holding it, not the unprintable key.
      if (keyProblem) throw invalid('parameter_invalid', `A field name in ${path || 'the body'} ${keyProblem}`, path || undefined);
      stack.push({ value: inner, depth: depth + 1, path: at });
    }
  }
}
