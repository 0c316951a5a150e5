// A merchant's webhook endpoint for provider verification: registered with the simulator, it
// records every delivery and answers like a careful receiver, 2xx for a genuine one and 401 for
// one whose signature does not verify (the simulator's `bad_signature` forgeries), so the forged
// copy is never mistaken for the message the provider owes the consumer.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  rawBody: string;
  /** Header names lower case, as node gives them. */
  headers: Record<string, string>;
  /** The parsed body; undefined when it is not JSON. */
  body: unknown;
  genuine: boolean;
}

export interface ReceiverOptions {
  /** Whether the delivery's signature verifies with what the receiver registered. */
  isGenuine(rawBody: string, headers: Record<string, string>): boolean;
  /** What a genuine delivery is answered with (Adyen: `[accepted]`). */
  acknowledgement: { body: string; contentType: string };
  /** Where to listen; the simulator must be able to reach it there. Default 127.0.0.1. */
  host?: string;
}

export interface Receiver {
  url: string;
  deliveries: readonly Delivery[];
  /** The first genuine delivery `pick` accepts, waiting up to `timeoutMs` (wall clock) for it. */
  waitFor(pick: (d: Delivery) => boolean, timeoutMs: number): Promise<Delivery | undefined>;
  close(): Promise<void>;
}

const POLL_MS = 20;

export async function startReceiver(o: ReceiverOptions): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    readBody(req).then(
      (rawBody) => {
        const headers = flatHeaders(req);
        const genuine = o.isGenuine(rawBody, headers);
        deliveries.push({ rawBody, headers, body: parseJson(rawBody), genuine });
        if (genuine) res.writeHead(200, { 'content-type': o.acknowledgement.contentType }).end(o.acknowledgement.body);
        else res.writeHead(401, { 'content-type': 'text/plain' }).end('signature does not verify');
      },
      () => res.writeHead(400).end(),
    );
  });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/webhooks`,
    deliveries,
    async waitFor(pick, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = deliveries.find((d) => d.genuine && pick(d));
        if (found || Date.now() >= deadline) return found;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
