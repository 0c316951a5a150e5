// stripe-mock (Stripe's own API mock, pinned in harness/toolchain) as a supervised child on a
// free loopback port: the yardstick the Stripe simulator's throughput is compared with. When it
// is not installed, or does not start, the caller gets the reason instead, to print.
import { findTool, freeLoopbackPort, TOOL_PINS } from '../toolchain/index.ts';
import { supervisor, type SupervisedChild } from '../supervisor/index.ts';

export interface RunningStripeMock {
  url: string;
  pid: number;
  version: string;
  stop(): Promise<void>;
}

export type StripeMockStart = { ok: true; mock: RunningStripeMock } | { ok: false; reason: string };

const READY_TIMEOUT_MS = 20_000;

export async function startStripeMock(): Promise<StripeMockStart> {
  const tool = await findTool('stripe-mock');
  const pin = TOOL_PINS['stripe-mock'];
  if (!tool) return { ok: false, reason: `stripe-mock is not installed: \`make setup\` builds it (go install ${pin.goPackage}@v${pin.version})` };
  if (!tool.matchesPin) return { ok: false, reason: `stripe-mock at ${tool.path} is v${tool.version}, the pin is v${pin.version}: run \`make setup\`` };
  const port = await freeLoopbackPort();
  // stripe-mock also opens an HTTPS listener, on :12112 unless told otherwise: a second copy on the
  // machine (another bench, a test) would make it exit. Its HTTPS port is left to the system.
  const child = supervisor.spawn(tool.path, ['-http-addr', `127.0.0.1:${port}`, '-https-addr', '127.0.0.1:0'], { name: 'stripe-mock', stdout: 'ignore', tailBytes: 4096 });
  const url = `http://127.0.0.1:${port}`;
  const reason = await ready(url, child);
  if (reason !== undefined) {
    await child.stop(2_000);
    return { ok: false, reason };
  }
  return { ok: true, mock: { url, pid: child.pid, version: tool.version, stop: async () => void (await child.stop(5_000)) } };
}

/** Polls until stripe-mock answers an authenticated GET; undefined when it does, else why not. */
async function ready(url: string, child: SupervisedChild): Promise<string | undefined> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exit()) return `stripe-mock exited before it answered: ${child.stderr().trim().slice(-500)}`;
    try {
      const res = await fetch(`${url}/v1/charges?limit=1`, { headers: { Authorization: 'Bearer sk_test_bench' } });
      await res.arrayBuffer();
      if (res.ok) return undefined;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return `stripe-mock did not answer within ${READY_TIMEOUT_MS / 1000} s`;
}
