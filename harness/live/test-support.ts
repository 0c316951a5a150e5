// Small helpers for the live-world tests: merchant API calls, bounded polling, and the checks that
// nothing was left behind (processes gone, ports free).
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** POST JSON to the core's merchant API with an Idempotency-Key. */
export async function post<T = Record<string, unknown>>(url: string, body: unknown, idempotencyKey?: string, timeoutMs = 20_000): Promise<Answer<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

export async function getJson<T = Record<string, unknown>>(url: string, timeoutMs = 10_000, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Polls `probe` until it returns something other than undefined, or throws at the deadline with the last state. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, { timeoutMs = 15_000, intervalMs = 100 } = {}): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= until) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** `promise`, or a rejection naming `what` after `ms`; the timer never outlives the race. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** True when nothing listens on 127.0.0.1:port (we can bind it ourselves). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** Direct children of `pid`, from /proc (Linux): the processes a parent would orphan. */
export async function childPids(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces and parentheses: split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The command line of a process, from /proc (Linux). */
export async function commandLine(pid: number): Promise<string[]> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
}

export interface LedgerMovement {
  id: string;
  kind: string;
  paymentId: string;
  amount: number;
  currency: string;
  operation: string;
  idempotencyKey?: string;
  reference?: string;
}

/** `controlToken`: the world's control API token (a live world has one; a lone loopback simulator need not). */
export async function ledger(simulatorUrl: string, pspPaymentId?: string, controlToken?: string): Promise<LedgerMovement[]> {
  const q = pspPaymentId ? `?payment=${encodeURIComponent(pspPaymentId)}` : '';
  const headers: Record<string, string> = controlToken ? { authorization: `Bearer ${controlToken}` } : {};
  return (await getJson<{ movements: LedgerMovement[] }>(`${simulatorUrl}/__gauntlet/ledger${q}`, 10_000, headers)).movements;
}

export interface PaymentView {
  id: string;
  status: string;
  amount: number;
  currency: string;
  reference: string;
  provider: string;
  providerPaymentId: string | null;
  amounts: { authorized: number; captured: number; refunded: number; disputed: number };
  failureMessage: string | null;
  operations: { id: string; kind: string; amount: number; status: string; providerReference: string | null; attempts: number }[];
  history: { from: string | null; to: string; cause: string; detail: string | null }[];
}
