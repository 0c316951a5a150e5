// The control API's bearer token. /__gauntlet/ sets faults, moves money on the PSP's own account
// (dashboard refunds, disputes), reads the ledger and resets everything: on a simulator others can
// reach, that is as good as the provider's dashboard, so the server takes a token (an option; the
// harness makes it, this file never reads the environment) and answers 401 without it.
// It guards at the server, before any route, so every control path of every dialect is covered
// (Stripe's own /__gauntlet/reset sits outside the shared control routes).
import { createHash, timingSafeEqual } from 'node:crypto';

const CONTROL = '__gauntlet';

/** The answer to a control call without the right token, or undefined when it may pass. */
export function controlAuthFailure(request: Request, token: string | undefined): Response | undefined {
  if (token === undefined || !isControlRequest(request)) return undefined;
  const given = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (given !== undefined && sameSecret(given, token)) return undefined;
  const message = given === undefined ? 'the control API needs Authorization: Bearer <token> (the world file\'s control.token)' : 'the control API token is wrong';
  return new Response(JSON.stringify({ error: { message } }), {
    status: 401,
    headers: { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer realm="gauntlet-control"' },
  });
}

/**
 * Any path naming the control API, however spelled: the router decodes percent-escapes
 * (`/%5F%5Fgauntlet/faults` reaches the same handler), so the check looks at the decoded path.
 */
function isControlRequest(request: Request): boolean {
  const path = new URL(request.url).pathname;
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape: judge the raw path; the router will not decode it either.
  }
  return decoded.toLowerCase().includes(CONTROL) || path.toLowerCase().includes(CONTROL);
}

/** Constant time, whatever the lengths: both sides hashed first. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}
