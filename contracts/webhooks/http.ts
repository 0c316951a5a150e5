// The few HTTP calls the message providers make to drive a simulator (or any provider) through
// its public API and the Gauntlet control API. Wall clock timeouts: this runs outside the worlds.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface Answer {
  status: number;
  body: unknown;
}

const TIMEOUT_MS = 15_000;

/**
 * One request on a connection of its own (`connection: close`, no pool). The global fetch reuses
 * kept-alive connections, and on a starved machine (the gate's contracts beside its drills, on one
 * core) a connection the server had already closed was reused: "fetch failed" on a flush the
 * simulator never saw, and a contract failed that nothing had broken.
 */
export function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  const u = new URL(url);
  const body = init.body !== undefined ? Buffer.from(init.body) : undefined;
  return new Promise<Answer>((resolve, reject) => {
    const r = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
      u,
      { method: init.method ?? 'POST', headers: { ...(init.headers ?? {}), ...(body ? { 'content-length': String(body.length) } : {}), connection: 'close' }, agent: false, timeout: TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
          } catch {
            // not JSON: keep the text, for the error message
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    r.on('timeout', () => r.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    r.on('error', reject);
    r.end(body);
  });
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
