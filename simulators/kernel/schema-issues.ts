// How a schema's refusal reads to the person who wrote the input: one line per problem,
// `path: message`, the path written the way the input is (`rules[2].effect.status`), so a bad
// fault plan, drill or world file says where it is bad. Shared by every schema of a shape users
// write (fault plans here; drills, world files and certify input above).
import type { z } from 'zod';

/** `["faults", 2, "rule"]` → `faults[2].rule`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/**
 * Every problem of a failed parse, one line each. An unknown key is named by its own path (zod
 * reports the object); a problem with the whole input is prefixed with `root` when given.
 */
export function issueLines(error: z.ZodError, root?: string): string[] {
  return error.issues.flatMap((issue) => {
    const at = issuePath(issue.path);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${at ? `${at}.` : ''}${key}: unknown field`);
    const where = at || root;
    return [where ? `${where}: ${issue.message}` : issue.message];
  });
}
