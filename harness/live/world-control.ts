// How a live run acts on a world it did not necessarily start: the simulators through their
// control API (/__gauntlet/*) and Toxiproxy through its API, both over HTTP. The same code drives
// the world `gauntlet run` starts itself and one `gauntlet up` left running for the user's own
// service; only the SIGKILL of the SUT needs a process the harness owns.
import { type Toxic, Toxiproxy } from 'toxiproxy-node-client';
import { issueLines, type FaultRule, type RequestLogEntry, type SettlementGap } from '../../simulators/index.ts';
import { movementsOf } from '../history/ledger.ts';
import type { LedgerMovement } from '../history/types.ts';
import { controlHeaders } from './secrets.ts';
import type { Dialect } from './simulators.ts';
import { readDeliveryLog, type DeliveryLogs } from './webhook-deliveries.ts';
import { LiveWorldDescriptionSchema, PROXY_NAMES, type LiveWorldDescription, type ProxyName } from './world-schema.ts';

export interface ToxicSpec {
  name: string;
  type: 'latency' | 'timeout' | 'reset_peer' | 'limit_data' | 'bandwidth' | 'slicer';
  stream: 'upstream' | 'downstream';
  toxicity: number;
  attributes: Record<string, number>;
}

export interface WorldControl {
  readonly sutUrl: string;
  /** Adds a rule to a simulator's fault plan (the other rules keep their counters); returns its id. */
  addPspFault(provider: Dialect, rule: FaultRule): Promise<string>;
  /** Takes the rule with this id out of a simulator's fault plan. */
  removePspFault(provider: Dialect, id: string): Promise<void>;
  /** How many requests or deliveries the rule with this id has applied to so far. */
  pspFaultHits(provider: Dialect, id: string): Promise<number>;
  /** Each simulator's request log (GET /__gauntlet/requests): every request at the PSP's edge. */
  requestLogs(): Promise<Record<Dialect, RequestLogEntry[]>>;
  /** Settlement reports a simulator produced while gaps were in its plan (a running count). */
  settlementReportsWithGaps(provider: Dialect): Promise<number>;
  /** Adds a gap to a simulator's next settlement reports. */
  addSettlementGap(provider: Dialect, gap: SettlementGap): Promise<void>;
  clearSettlementGaps(provider: Dialect): Promise<void>;
  /** Clears every simulator's fault plan; returns the providers that had rules. */
  clearPspFaults(): Promise<Dialect[]>;
  /** Sends every webhook that is due now (retries included). */
  flushWebhooks(): Promise<void>;
  /** Every simulator's webhook delivery log (for recordDeliveries, harness/live/webhook-deliveries.ts). */
  webhookDeliveries(): Promise<DeliveryLogs>;
  /** Every simulator's ledger: the money the PSPs moved. */
  ledger(): Promise<LedgerMovement[]>;
  addToxic(proxy: ProxyName, toxic: ToxicSpec): Promise<{ remove(): Promise<void> }>;
  /** Takes a proxy down (connections refused) until the returned heal. */
  disable(proxy: ProxyName): Promise<{ remove(): Promise<void> }>;
  /** SIGKILL the SUT and start it again on the same database; absent when the SUT is not ours. */
  readonly restartSut?: () => Promise<void>;
}

const DIALECTS: Dialect[] = ['stripe', 'adyen'];

export function worldControl(world: LiveWorldDescription, o: { restartSut?: () => Promise<void>; fetch?: typeof fetch } = {}): WorldControl {
  const http = o.fetch ?? globalThis.fetch.bind(globalThis);
  const toxiproxy = new Toxiproxy(world.toxiproxy.api);
  let added = 0;
  const control = async (provider: Dialect, method: string, path: string, body?: unknown): Promise<unknown> => {
    const url = `${world.simulators[provider]}/__gauntlet${path}`;
    const headers = { ...controlHeaders(world.control?.token), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
    const res = await http(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(15_000) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    sutUrl: world.core,
    async addPspFault(provider, rule) {
      const id = rule.id ?? `gauntlet-${++added}`;
      await control(provider, 'POST', '/faults/rules', { ...rule, id });
      return id;
    },
    async removePspFault(provider, id) {
      await control(provider, 'DELETE', `/faults/rules/${encodeURIComponent(id)}`);
    },
    async pspFaultHits(provider, id) {
      const current = (await control(provider, 'GET', '/faults')) as { rules: { id: string; applied: number }[] };
      return current.rules.find((r) => r.id === id)?.applied ?? 0;
    },
    async requestLogs() {
      const out = {} as Record<Dialect, RequestLogEntry[]>;
      for (const p of DIALECTS) out[p] = ((await control(p, 'GET', '/requests')) as { requests: RequestLogEntry[] }).requests;
      return out;
    },
    async settlementReportsWithGaps(provider) {
      return ((await control(provider, 'GET', '/faults')) as { settlementReportsWithGaps?: number }).settlementReportsWithGaps ?? 0;
    },
    async addSettlementGap(provider, gap) {
      await control(provider, 'POST', '/faults/settlement', gap);
    },
    async clearSettlementGaps(provider) {
      await control(provider, 'DELETE', '/faults/settlement');
    },
    async clearPspFaults() {
      const had: Dialect[] = [];
      for (const p of DIALECTS) {
        const current = (await control(p, 'GET', '/faults')) as { plan: { rules: FaultRule[] } };
        if (current.plan.rules.length) had.push(p);
        await control(p, 'DELETE', '/faults');
      }
      return had;
    },
    async flushWebhooks() {
      for (const p of DIALECTS) await control(p, 'POST', '/webhooks/flush');
    },
    async webhookDeliveries() {
      const logs: DeliveryLogs = {};
      for (const p of DIALECTS) logs[p] = await readDeliveryLog(world.simulators[p], http, world.control?.token);
      return logs;
    },
    async ledger() {
      const all: LedgerMovement[] = [];
      for (const p of DIALECTS) all.push(...movementsOf(((await control(p, 'GET', '/ledger')) as { movements: Parameters<typeof movementsOf>[0] }).movements));
      return all;
    },
    async addToxic(proxy, toxic) {
      const p = await toxiproxy.get(proxyName(proxy));
      const t: Toxic<unknown> = await p.addToxic(toxic as never);
      return { remove: () => t.remove() };
    },
    async disable(proxy) {
      const p = await toxiproxy.get(proxyName(proxy));
      await p.update({ enabled: false, listen: p.listen, upstream: p.upstream });
      return {
        remove: async () => {
          const now = await toxiproxy.get(proxyName(proxy));
          await now.update({ enabled: true, listen: now.listen, upstream: now.upstream });
        },
      };
    },
    ...(o.restartSut ? { restartSut: o.restartSut } : {}),
  };
}

function proxyName(name: ProxyName): ProxyName {
  if (!PROXY_NAMES.includes(name)) throw new Error(`no proxy ${name} (one of ${PROXY_NAMES.join(', ')})`);
  return name;
}

/**
 * Reads and checks the JSON `gauntlet up --json` printed, against its schema (world-schema.ts):
 * every bad field is named by its path. A world file without a control token (a committed one,
 * such as the containers' compose-world.json) takes GAUNTLET_CONTROL_TOKEN.
 */
export function parseWorldDescription(text: string, source: string, env: NodeJS.ProcessEnv = process.env): LiveWorldDescription {
  let d: unknown;
  try {
    d = JSON.parse(text);
  } catch {
    throw new Error(`${source}: not JSON (expected what \`gauntlet up --json\` prints)`);
  }
  const parsed = LiveWorldDescriptionSchema.safeParse(d);
  if (!parsed.success) throw new Error(issueLines(parsed.error).map((line) => `${source}: ${line}`).join('\n'));
  const world = parsed.data;
  if (world.control === undefined && env.GAUNTLET_CONTROL_TOKEN) return { ...world, control: { token: env.GAUNTLET_CONTROL_TOKEN } };
  return world;
}
