// `gauntlet certify --adapter ./my-adapter.ts --dialect stripe|adyen [--seed S] [--drills a,b]
// [--explore-runs N] [--out DIR] [--json]`: plugs a team's provider adapter into the reference
// core and runs the certification battery in the simulation world (capabilities, every fault
// class of the drill catalogue, a short exploration). Writes certificate.json and
// certificate.html to reports/out/. Exit 0 certified, 1 not certified (or an incomplete battery),
// 2 setup error (module not found, not an adapter, bad arguments) or harness failure.
import type { ProviderName } from '../../core/index.ts';
import { AdapterModuleError, DEFAULT_EXPLORE_RUNS, loadAdapterModule, runBattery, selectDrills, writeCertificate, type Certificate } from '../certify/index.ts';
import { UsageError, parseInteger } from './args.ts';
import { HelpShown, parseVerb, type VerbSpec } from './command.ts';
import { writeResult } from './result-out.ts';

export const CERTIFY_SPEC = {
  name: 'certify',
  options: {
    adapter: { value: 'PATH', description: 'your adapter module (exports createAdapter; see harness/certify/examples/)' },
    dialect: { value: 'stripe|adyen', description: 'which PSP the adapter speaks' },
    seed: { value: 'S', description: 'the seed (default 20261125: a certificate is reproducible unless asked otherwise)' },
    drills: { value: 'a,b', description: 'only these drills of the battery (comma-separated)' },
    'explore-runs': { value: 'N', description: 'runs of the short exploration (default: the battery\'s)' },
    out: { value: 'DIR', description: 'where certificate.json and certificate.html go', default: 'reports/out' },
    json: { description: 'print the verdict as one JSON document on stdout' },
  },
  examples: ['npx gauntlet certify --adapter harness/certify/examples/stripe-adapter.ts --dialect stripe'],
  notes: 'Exit 0 certified, 1 not certified (or an incomplete battery), 2 setup error or harness failure.',
} as const satisfies VerbSpec;

/** The default seed: a certificate is reproducible unless asked otherwise. */
export const DEFAULT_CERTIFY_SEED = 20261125;

export async function certifyCommand(argv: string[]): Promise<number> {
  let o: { adapter: string; dialect: ProviderName; seed: number; drills?: string[]; exploreRuns: number; out: string; json: boolean };
  try {
    o = parse(argv);
  } catch (err) {
    if (err instanceof HelpShown) return 0;
    process.stderr.write(`gauntlet certify: ${(err as Error).message}\n(gauntlet certify --help shows the usage)\n`);
    return 2;
  }
  const say = o.json ? () => undefined : (line: string) => process.stderr.write(`[certify] ${line}\n`);

  let factory;
  try {
    factory = await loadAdapterModule(o.adapter, o.dialect);
  } catch (err) {
    process.stderr.write(`gauntlet certify: ${(err as Error).message}\n`);
    return 2;
  }

  let certificate: Certificate;
  try {
    certificate = await runBattery({
      adapterPath: o.adapter,
      factory,
      dialect: o.dialect,
      seed: o.seed,
      issuedAt: new Date().toISOString(),
      exploreRuns: o.exploreRuns,
      ...(o.drills ? { drills: o.drills } : {}),
      log: say,
    });
  } catch (err) {
    const setup = err instanceof AdapterModuleError;
    process.stderr.write(`gauntlet certify: ${setup ? '' : 'the harness failed: '}${setup ? (err as Error).message : ((err as Error).stack ?? String(err))}\n`);
    return 2;
  }
  const paths = await writeCertificate(certificate, o.out);
  if (o.json) writeResult(JSON.stringify({ verdict: certificate.verdict, reason: certificate.reason, seed: certificate.seed, matrix: certificate.matrix, certificate: paths }));
  else printSummary(certificate, paths);
  return certificate.verdict === 'certified' ? 0 : 1;
}

function parse(argv: string[]) {
  const { values, positionals } = parseVerb(CERTIFY_SPEC, argv);
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (!values.adapter) throw new UsageError('--adapter PATH is required: a module exporting createAdapter (see harness/certify/examples/)');
  if (values.dialect !== 'stripe' && values.dialect !== 'adyen') throw new UsageError('--dialect must be stripe or adyen');
  return {
    adapter: values.adapter,
    dialect: values.dialect as ProviderName,
    seed: values.seed !== undefined ? parseInteger(values.seed, '--seed', 0, 2 ** 31 - 1) : DEFAULT_CERTIFY_SEED,
    ...(values.drills ? { drills: drillNames(values.drills) } : {}),
    exploreRuns: values['explore-runs'] !== undefined ? parseInteger(values['explore-runs'], '--explore-runs', 0, 10_000) : DEFAULT_EXPLORE_RUNS,
    out: values.out,
    json: values.json,
  };
}

function drillNames(list: string): string[] {
  const names = list.split(',').map((d) => d.trim()).filter(Boolean);
  try {
    selectDrills(names);
  } catch (err) {
    throw new UsageError(`--drills: ${(err as Error).message}`);
  }
  return names;
}

function printSummary(c: Certificate, paths: { json: string; html: string }): void {
  const mark = (s: string) => (s === 'pass' ? 'pass' : s === 'fail' ? 'FAIL' : s === 'vacuous' ? 'VACUOUS' : 'n/a');
  console.log(`\n${c.verdict.replace('_', ' ').toUpperCase()}: ${c.adapter} as a ${c.dialect} adapter (seed ${c.seed})`);
  console.log(`  ${c.reason}`);
  const width = Math.max(...[...c.capabilities.map((x) => x.id), ...c.faultClasses.map((f) => f.drill)].map((n) => n.length));
  console.log('  capabilities');
  for (const x of c.capabilities) console.log(`    ${x.id.padEnd(width)}  ${mark(x.passed ? 'pass' : 'fail')}${x.passed ? '' : `  ${x.explanation}`}`);
  console.log('  fault classes');
  for (const f of c.faultClasses) console.log(`    ${f.drill.padEnd(width)}  ${mark(f.status)}${f.status === 'fail' || f.status === 'vacuous' ? `  ${f.explanation}` : ''}`);
  if (c.exploration) console.log(`  exploration (reported, not in the verdict): ${c.exploration.runs} runs, ${c.exploration.violations.length} violation(s)${c.exploration.violations[0] ? `; first: ${c.exploration.violations[0].explanation}` : ''}`);
  console.log(`  certificate: ${paths.json}, ${paths.html}`);
  console.log(`  rerun: ${c.rerun}`);
}
