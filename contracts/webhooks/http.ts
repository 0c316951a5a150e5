// The few HTTP calls the message providers make to drive a simulator (or any provider) through
// its public API and the Gauntlet control API. Wall clock timeouts: this runs outside the worlds.

export interface Answer {
  status: number;
  body: unknown;
}

const TIMEOUT_MS = 15_000;

export async function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  const res = await fetch(url, { method: init.method ?? 'POST', headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}), signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    // not JSON: keep the text, for the error message
  }
  return { status: res.status, body };
}

/** `send`, but an answer outside `expected` is an error naming the call and what came back. */
export async function expectStatus(what: string, expected: number[], url: string, init: Parameters<typeof send>[1]): Promise<Record<string, unknown>> {
  let answer: Answer;
  try {
    answer = await send(url, init);
  } catch (err) {
    throw new Error(`${what}: ${init.method ?? 'POST'} ${url} failed: ${(err as Error).message}`);
  }
  if (!expected.includes(answer.status)) {
    throw new Error(`${what}: ${init.method ?? 'POST'} ${url} answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  }
  return (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as Record<string, unknown>;
}

export function jsonInit(body: unknown, headers: Record<string, string> = {}) {
  return { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Stripe's form encoding: flat `[key, value]` pairs, nested keys already in bracket notation. */
export function formInit(pairs: [string, string | number][], apiKey: string) {
  const body = new URLSearchParams(pairs.map(([k, v]) => [k, String(v)])).toString();
  return { headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/x-www-form-urlencoded' }, body };
}
