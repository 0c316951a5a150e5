// The one Toxiproxy API call this folder needs itself: GET /version, to tell a live server.
export async function toxiproxyVersion(url: string, timeoutMs = 2_000): Promise<string> {
  const res = await fetch(`${url}/version`, { signal: AbortSignal.timeout(timeoutMs) });
  const body = (await res.text()).trim();
  if (!res.ok) throw new Error(`GET ${url}/version answered HTTP ${res.status}`);
  // 2.x answers {"version": "2.12.0"}; older releases answered the bare string.
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed) {
      return String((parsed as { version: unknown }).version);
    }
  } catch {
    // not JSON: the bare version
  }
  return body;
}

/**
 * Polls GET /version until it answers or the deadline passes. `gaveUp` lets a caller stop early
 * (the process died). Returns the version.
 */
export async function waitForToxiproxy(
  url: string,
  deadlineMs: number,
  gaveUp: () => string | undefined = () => undefined,
): Promise<string> {
  const until = Date.now() + deadlineMs;
  let last = 'no attempt';
  while (Date.now() < until) {
    const reason = gaveUp();
    if (reason !== undefined) throw new Error(reason);
    try {
      return await toxiproxyVersion(url, Math.max(100, Math.min(1_000, until - Date.now())));
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const reason = gaveUp();
  if (reason !== undefined) throw new Error(reason);
  throw new Error(`${url}/version did not answer within ${deadlineMs} ms (last: ${last})`);
}
