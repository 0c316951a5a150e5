// The live world's webhooks as history: the simulators keep every delivery and each of its
// attempts (GET /__gauntlet/webhooks); this polls them and reports each new attempt once, in the
// shape `HistoryRecorder.webhook` takes, so live drills judge webhook integrity and count genuine
// deliveries the way the simulation world does (where they are recorded as they cross the wire).
// An attempt lost in transit by a `drop` fault never reached the SUT and is not reported.
import { describeForgery, type ForgeryShape } from '../history/index.ts';
import type { WebhookEvent } from '../history/types.ts';
import type { LiveWorldDescription } from './up.ts';

type Dialect = 'stripe' | 'adyen';

/** What `history.webhook(...)` takes, plus when the simulator made the attempt. */
export type WatchedWebhook = Omit<WebhookEvent, 'index' | 't'> & { at: number };

interface DeliveryJson {
  id: string;
  eventId: string;
  eventType: string;
  kind: WebhookEvent['kind'];
  forgery?: ForgeryShape;
  attempts: { at: number; status?: number; lost?: boolean }[];
}

export interface WebhookWatch {
  /** Polls once more (everything the simulators did so far is reported), then stops. */
  stop(): Promise<void>;
}

export function watchWebhooks(
  world: Pick<LiveWorldDescription, 'simulators'>,
  onAttempt: (w: WatchedWebhook) => void,
  o: { intervalMs?: number; fetch?: typeof fetch } = {},
): { ready: Promise<void>; watch: WebhookWatch } {
  const http = o.fetch ?? globalThis.fetch.bind(globalThis);
  /** Attempts already reported (or there before the watch began), per delivery id. */
  const seen = new Map<string, number>();
  const poll = async (report: boolean) => {
    for (const provider of ['stripe', 'adyen'] as Dialect[]) {
      const res = await http(`${world.simulators[provider]}/__gauntlet/webhooks`, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`GET ${world.simulators[provider]}/__gauntlet/webhooks: HTTP ${res.status}`);
      const { deliveries } = (await res.json()) as { deliveries: DeliveryJson[] };
      const fresh: WatchedWebhook[] = [];
      for (const d of deliveries) {
        const key = `${provider}/${d.id}`;
        const done = seen.get(key) ?? 0;
        if (d.attempts.length <= done) continue;
        seen.set(key, d.attempts.length);
        if (!report) continue;
        for (const a of d.attempts.slice(done)) {
          if (a.lost) continue;
          fresh.push({
            type: 'webhook',
            provider,
            eventId: d.eventId,
            eventType: d.eventType,
            kind: d.kind,
            ...(a.status !== undefined ? { status: a.status } : {}),
            deliveryId: d.id,
            ...(d.forgery ? { forgery: describeForgery(d.forgery) } : {}),
            at: a.at,
          });
        }
      }
      for (const w of fresh.sort((a, b) => a.at - b.at)) onAttempt(w);
    }
  };

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const ready = poll(false); // what was there before the watch is not this run's
  const loop = () => {
    if (stopped) return;
    running = running.then(() => poll(true)).catch(() => undefined);
    void running.then(() => {
      if (!stopped) timer = setTimeout(loop, o.intervalMs ?? 200);
    });
  };
  void ready.then(loop, () => undefined);
  return {
    ready,
    watch: {
      async stop() {
        stopped = true;
        if (timer) clearTimeout(timer);
        await ready;
        await running;
        await poll(true);
      },
    },
  };
}
