// `gauntlet driver check --driver PATH [--world-file FILE] [--json]`: the first thing to run
// with a driver of your own. Without --world-file it starts a live world (the reference core as
// the SUT) and stops it on exit, Ctrl-C or SIGTERM; with it, it attaches to the world
// `gauntlet up --json` described and probes whatever service is there.
// Exit 0: every probe conforms; 1: a mismatch; 2: the check could not run.
import { readFile } from 'node:fs/promises';
import { checkDriver, DriverCheckError, type DriverCheckReport } from '../driver/check.ts';
import { loadDriver } from '../driver/load.ts';
import type { Driver } from '../driver/types.ts';
import { startLiveWorld, type LiveWorld, type LiveWorldDescription } from '../live/up.ts';
import { parseWorldDescription } from '../live/world-control.ts';
import { UsageError, waitForShutdown } from './args.ts';
import { parseVerb, pickSubcommand, type ParentSpec, type VerbSpec } from './command.ts';

const CHECK_SPEC = {
  name: 'driver check',
  summary: 'probe a driver module before any drill trusts it',
  options: {
    driver: { value: 'PATH', description: 'your driver module' },
    'world-file': { value: 'FILE', description: 'attach to the world `gauntlet up --json > FILE` started (your service as the SUT); without it a live world with the reference core is started and stopped here' },
    json: { description: 'print the report as one JSON document on stdout' },
  },
  examples: ['npx gauntlet driver check --driver ./my-driver.ts --world-file world.json'],
  notes: 'Per declared provider and operation: one authorize, get, list, capture, refund, void, an issuer decline and\na timeout after commit, each judged against what the payment really did at the simulated PSP.\nExit 0 all conform, 1 a mismatch, 2 could not run.',
} as const satisfies VerbSpec;

export const DRIVER_SPEC = {
  name: 'driver',
  commands: [CHECK_SPEC],
  examples: ['npx gauntlet driver check --driver ./my-driver.ts'],
} as const satisfies ParentSpec;

export async function driverCommand(argv: string[]): Promise<number> {
  const { rest } = pickSubcommand(DRIVER_SPEC, argv);
  const { values } = parseVerb(CHECK_SPEC, rest);
  if (!values.driver) throw new UsageError('--driver PATH is required');
  const json = values.json;
  const stop = new AbortController();
  // Quiet once interrupted: the probe winds down in the background while the world goes away.
  const note = (line: string) => void (stop.signal.aborted || process.stderr.write(`[driver check] ${line}\n`));
  const cannotRun = (why: string): number => {
    if (json) process.stdout.write(`${JSON.stringify({ verdict: 'error', error: why })}\n`);
    process.stderr.write(`gauntlet driver check: could not run: ${why}\n`);
    return 2;
  };

  let attach: LiveWorldDescription | undefined;
  if (values['world-file']) {
    const file = values['world-file'];
    const text = await readFile(file, 'utf8').catch((err: Error) => Promise.reject(new UsageError(`--world-file ${file}: ${err.message}`)));
    try {
      attach = parseWorldDescription(text, file);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }

  // A signal at any point ends the check and takes down the world this command started.
  const shutdown = waitForShutdown().then((signal) => {
    stop.abort();
    return { signal };
  });
  let owned: LiveWorld | undefined;
  let driver: Driver | undefined;
  try {
    let world: LiveWorldDescription;
    if (attach) world = attach;
    else {
      if (!json) note('starting a live world with the reference core as the system under test');
      const starting = startLiveWorld({ simulatorPorts: 'ephemeral', ...(json ? {} : { log: note }) });
      const first = await Promise.race([starting.then((w) => ({ w })), shutdown]);
      if ('signal' in first) {
        await (await starting.catch(() => undefined))?.stop();
        return cannotRun(`interrupted (${first.signal})`);
      }
      owned = first.w;
      world = owned.describe();
    }
    try {
      driver = await loadDriver(values.driver, { baseUrl: world.core });
    } catch (err) {
      return cannotRun((err as Error).message);
    }
    await driver.setup?.();
    if (!json) note(`driver '${driver.name}' against ${world.core}: providers ${driver.capabilities.providers.join(', ')}; operations ${driver.capabilities.operations.join(', ') || '(authorize only)'}`);
    const checking = checkDriver({ driver, world, signal: stop.signal, ...(json ? {} : { log: note }) });
    const outcome = await Promise.race([checking.then((report) => ({ report })), shutdown]);
    if ('signal' in outcome) {
      checking.catch(() => undefined); // it ends with 'interrupted' at its next call
      return cannotRun(`interrupted (${outcome.signal})`);
    }
    if (json) process.stdout.write(`${JSON.stringify(outcome.report)}\n`);
    else printReport(outcome.report);
    return outcome.report.verdict === 'conform' ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    return cannotRun(err instanceof DriverCheckError ? err.message : `${(err as Error).message}`);
  } finally {
    await driver?.teardown?.().catch(() => undefined);
    await owned?.stop().catch((err: Error) => note(`stopping the live world: ${err.message}`));
  }
}

function printReport(r: DriverCheckReport): void {
  console.log(`driver check: ${r.driver} (run tag ${r.runTag})`);
  for (const provider of r.providers) {
    console.log(`  ${provider}`);
    for (const p of r.probes.filter((x) => x.provider === provider)) {
      const mark = p.outcome === 'pass' ? 'ok      ' : p.outcome === 'skipped' ? 'skipped ' : 'MISMATCH';
      console.log(`    ${mark} ${p.probe}${p.note ? `  (${p.note})` : ''}`);
      for (const f of p.findings) console.log(`             ${f}`);
    }
  }
  const mismatches = r.probes.filter((p) => p.outcome === 'mismatch').length;
  console.log(
    r.verdict === 'conform'
      ? `conforms: every probe that applies passed (${r.probes.filter((p) => p.outcome === 'pass').length} passed, ${r.probes.filter((p) => p.outcome === 'skipped').length} skipped: not declared)`
      : `does not conform: ${mismatches} probe${mismatches === 1 ? '' : 's'} found a mismatch; fix the driver before trusting any drill run with it`,
  );
}
