// Drives a live simulator's webhook dispatcher on the wall clock: delivers what is due, then
// sleeps until the next delivery falls due (never longer than `maxIdleMs`, so new events go out
// promptly). Stops when asked; one delivery round at a time.
import type { Simulator } from '../../simulators/index.ts';

export interface WebhookPump {
  stop(): Promise<void>;
}

export function startWebhookPump(sim: Simulator, { intervalMs = 25 } = {}): WebhookPump {
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      try {
        await sim.kernel.webhooks.deliverDue();
      } catch (err) {
        console.error(`[${sim.provider}] webhook delivery round failed: ${(err as Error).message}`);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs);
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
