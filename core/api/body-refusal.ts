// A body the schema refused (bodies.ts), answered in the core's own error shape: one error, the
// first by the schema's check order, with the core's code and the field named, status 400
// (thrown by valid-body.ts, rendered by app.onError like every other ApiError).
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { type ApiError, invalid } from './errors.ts';

type Issue = StandardSchemaV1.Issue & { code?: string; keys?: string[]; params?: { code?: string } };

/** A faulty body is reported by its worst fault first: not an object, an unknown field, a missing one, then field by field. */
function rank(issue: Issue): number {
  if (!issue.path?.length) return issue.code === 'unrecognized_keys' ? 1 : 0;
  return issue.params?.code === 'parameter_missing' ? 2 : 3;
}

export function refusal(issues: readonly StandardSchemaV1.Issue[]): ApiError {
  const issue = [...(issues as readonly Issue[])].sort((a, b) => rank(a) - rank(b))[0];
  if (!issue || rank(issue) === 0) return invalid('body_invalid', 'The body must be a JSON object');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys?.[0] ?? '';
    return invalid('parameter_unknown', `Unknown field: ${key}`, key);
  }
  const first = issue.path![0]!;
  const param = String(typeof first === 'object' ? first.key : first);
  return invalid(issue.params?.code ?? 'parameter_invalid', issue.message, param);
}
