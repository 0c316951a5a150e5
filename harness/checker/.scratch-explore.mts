import { openDatabase } from '../../core/db/index.ts';
import fc from 'fast-check';
import { schedule as scheduleArb } from '../generator/schedule.ts';
import { runSchedule } from '../explore/run-schedule.ts';

const db = await openDatabase({ now: () => 0 });
const counts = new Map<string, number>();
const examples = new Map<string, unknown>();
const n = Number(process.argv[2] ?? 60);
const samples = fc.sample(scheduleArb, { seed: Number(process.argv[3] ?? 7), numRuns: n });
let runs = 0;
for (const s of samples) {
  const out = await runSchedule(s, { db });
  runs++;
  for (const r of out.results) if (r.valid === 'unknown') counts.set(`${r.invariant}:unknown`, (counts.get(`${r.invariant}:unknown`) ?? 0) + 1);
  for (const v of out.violations) {
    counts.set(v.invariant, (counts.get(v.invariant) ?? 0) + 1);
    if (!examples.has(v.invariant)) examples.set(v.invariant, { explanation: v.explanation, timeline: v.timeline.map((e) => JSON.stringify(e).slice(0, 400)), final: out.record.final.filter((o) => o.reference === v.paymentId), ledger: out.record.ledger.filter(m => v.explanation.includes(m.paymentId)) });
  }
}
console.log('runs', runs, Object.fromEntries(counts));
for (const [k, v] of examples) console.log(k, JSON.stringify(v, null, 1));
process.exit(0);
