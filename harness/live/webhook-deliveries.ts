// The live world's webhook record. In the simulation world every delivery is recorded as it
// crosses the in-process network; in the live world the deliveries cross real sockets between the
// simulators and a service Gauntlet may not own, so nothing watches them go by. The simulators
// keep a delivery log instead (GET /__gauntlet/webhooks: every delivery, what it was — genuine,
// duplicate, forged, stale — and every attempt with the status the SUT answered). After a run,
// `recordDeliveries` turns that log into the history's `webhook` events, each stamped with the
// time it crossed the wire, so webhook integrity judges a foreign service as it does the core.
import type { DeliveryKind } from '../../simulators/index.ts';
import { describeForgery, type ForgeryShape, type HistoryRecorder } from '../history/index.ts';
import type { WebhookEvent } from '../history/types.ts';
import type { Dialect } from './simulators.ts';

/** One delivery as a simulator's control API lists it (the fields this module reads). */
export interface LoggedDelivery {
  id: string;
  eventId: string;
  eventType: string;
  kind: DeliveryKind;
  forgery?: ForgeryShape;
  attempts: { at: number; status?: number; error?: string; lost?: boolean }[];
}

export type DeliveryLogs = Partial<Record<Dialect, readonly LoggedDelivery[]>>;

/** Reads one simulator's delivery log over its control API (`simulatorUrl` without `/__gauntlet`). */
export async function readDeliveryLog(simulatorUrl: string, http: typeof fetch = globalThis.fetch.bind(globalThis), controlToken?: string): Promise<LoggedDelivery[]> {
  const url = `${simulatorUrl.replace(/\/+$/, '')}/__gauntlet/webhooks`;
  const res = await http(url, { headers: controlToken ? { authorization: `Bearer ${controlToken}` } : {}, signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  const body = (await res.json()) as { deliveries?: unknown };
  if (!Array.isArray(body.deliveries)) throw new Error(`GET ${url}: no "deliveries" list (is this a Gauntlet simulator?)`);
  return body.deliveries as LoggedDelivery[];
}

/**
 * Appends one `webhook` event per attempt that crossed the wire (an attempt a `drop` fault lost in
 * transit never reached the SUT and is left out; one the SUT never answered, refused connection
 * or timeout, has no status), in the order the attempts happened, each at its own time.
 * `since`: only attempts from then on (a world the user keeps running holds earlier runs'
 * deliveries). Returns the events appended.
 */
export function recordDeliveries(history: HistoryRecorder, logs: DeliveryLogs, since = Number.NEGATIVE_INFINITY): WebhookEvent[] {
  const attempts = (Object.entries(logs) as [Dialect, readonly LoggedDelivery[]][]).flatMap(([provider, deliveries]) =>
    deliveries.flatMap((d) => d.attempts.filter((a) => !a.lost && a.at >= since).map((a) => ({ provider, d, a }))),
  );
  // Stable: attempts at the same millisecond keep the log's order (a forgery goes out first).
  attempts.sort((x, y) => x.a.at - y.a.at);
  return attempts.map(({ provider, d, a }) =>
    history.webhook(
      {
        type: 'webhook',
        provider,
        eventId: d.eventId,
        eventType: d.eventType,
        kind: d.kind,
        ...(a.status !== undefined ? { status: a.status } : {}),
        deliveryId: d.id,
        ...(d.forgery ? { forgery: describeForgery(d.forgery) } : {}),
      },
      a.at,
    ),
  );
}
