// Plain HTTP calls for the demo: real sockets, a client timeout, and no SDK in between.

export interface CallResult {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export type CallOutcome = { ok: true; result: CallResult } | { ok: false; error: string };

export async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; form?: Record<string, string>; json?: unknown; timeoutMs?: number } = {},
): Promise<CallOutcome> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  try {
    const res = await fetch(url, {
      method: init.method ?? (body !== undefined ? 'POST' : 'GET'),
      headers,
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(init.timeoutMs ?? 5_000),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { text };
    }
    return { ok: true, result: { status: res.status, headers: res.headers, body: parsed } };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, error: cause?.code ?? cause?.message ?? (err as Error).name ?? String(err) };
  }
}

export async function mustCall(url: string, init: Parameters<typeof call>[1] = {}): Promise<CallResult> {
  const outcome = await call(url, init);
  if (!outcome.ok) throw new Error(`${url} failed: ${outcome.error}`);
  return outcome.result;
}
