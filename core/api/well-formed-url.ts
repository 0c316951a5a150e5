// The request URL at the edge: every path segment and query value, percent-decoded the way the
// router decodes them, must be storable text (see well-formed.ts). `%00` in a payment id used to
// reach Postgres as a NUL and come back as a 500; `%E0` (not UTF-8) is refused rather than
// guessed at.
import { invalid } from './errors.ts';
import { textProblem } from './well-formed.ts';

/** Printable ASCII without `%`: nothing in it decodes to anything but itself, so it is storable text. */
const PLAIN_URL = /^[!-$&-~]*$/;

export function requireWellFormedUrl(url: string): void {
  if (PLAIN_URL.test(url)) return;
  const parsed = new URL(url);
  for (const segment of parsed.pathname.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw invalid('path_invalid', 'The path is not valid percent-encoded UTF-8');
    }
    const problem = textProblem(decoded);
    if (problem) throw invalid('path_invalid', `A path segment ${problem}`);
  }
  // URLSearchParams decodes bytes that are not UTF-8 to U+FFFD, so only NUL can come through.
  for (const [name, value] of parsed.searchParams) {
    const problem = textProblem(name) ?? textProblem(value);
    if (problem) throw invalid('parameter_invalid', `The query parameter ${textProblem(name) ? 'name' : name} ${problem}`, textProblem(name) ? undefined : name);
  }
}
