// Serves a simulator over real HTTP on loopback. The one place that turns a dropped-connection
// marker into a real dropped connection: the socket is destroyed and no response is written.
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { controlAuthFailure } from './control-auth.ts';
import { isDropped } from './kernel/index.ts';
import type { Simulator } from './testing/dialect-driver.ts';

export interface RunningSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServeOptions {
  port?: number;
  hostname?: string;
  /** When set, every /__gauntlet/ request needs `Authorization: Bearer <controlToken>` (control-auth.ts). */
  controlToken?: string;
}

export function serveSimulator(sim: Pick<Simulator, 'app'>, { port = 0, hostname = '127.0.0.1', controlToken }: ServeOptions = {}): Promise<RunningSimulator> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    const fetch = async (req: Request, env: { incoming: IncomingMessage }) => {
      const refused = controlAuthFailure(req, controlToken);
      if (refused) return refused;
      const res = await sim.app.fetch(req, env);
      if (isDropped(res)) {
        env.incoming.socket.destroy();
        return new Response(null, { status: 204 });
      }
      return res;
    };
    server = serve({ fetch: fetch as never, port, hostname }, (info: AddressInfo) => {
      resolve({
        url: `http://${hostname}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}
