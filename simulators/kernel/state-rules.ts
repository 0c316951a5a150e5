// Fault rules a Pact provider state adds to the simulator it sets up (a 500 on the next capture,
// a 429, a held request): added one at a time through the control API, so the rules already in
// the plan keep their counters, and the state's own used-up rules are taken out again, so a
// simulator verified over and over never fills its plan.
import type { FaultRule } from './fault-plan.ts';

type Api = (request: Request) => Promise<Response>;

interface FaultView {
  plan: { rules: FaultRule[] };
  rules: { id: string; exhausted: boolean }[];
  applied: { ruleId: string }[];
}

export class StateRuleError extends Error {
  readonly status: 400 | 409;
  constructor(
    status: 400 | 409,
    message: string,
  ) {
    super(message);
    this.status = status;
  }
}

/** Adds `rule` under a fresh id starting with `prefix` (after dropping used-up ones); returns the id. */
export async function addStateRule(api: Api, origin: string, prefix: string, rule: FaultRule): Promise<string> {
  const res = await api(new Request(`${origin}/__gauntlet/faults`));
  if (!res.ok) throw new StateRuleError(409, `GET /__gauntlet/faults answered ${res.status}`);
  const view = (await res.json()) as FaultView;
  for (const r of view.rules) {
    if (r.exhausted && r.id.startsWith(prefix)) await api(new Request(`${origin}/__gauntlet/faults/rules/${encodeURIComponent(r.id)}`, { method: 'DELETE' }));
  }
  // Ids are never reused, so the applied-fault log names one rule per id.
  const used = [...view.plan.rules.map((r) => r.id), ...view.applied.map((f) => f.ruleId)].map((id) => (id?.startsWith(prefix) ? Number(id.slice(prefix.length)) : 0));
  const id = `${prefix}${Math.max(0, ...used.filter(Number.isSafeInteger)) + 1}`;
  const post = await api(new Request(`${origin}/__gauntlet/faults/rules`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...rule, id }) }));
  if (!post.ok) throw new StateRuleError(post.status === 400 ? 400 : 409, `POST /__gauntlet/faults/rules answered ${post.status} ${(await post.text()).slice(0, 300)}`);
  return id;
}
