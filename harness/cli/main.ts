// `gauntlet <verb>`: the command line. Each verb lives in its own file and is loaded on demand,
// so `gauntlet doctor` does not pay for loading the simulators.
import { Command, CommanderError } from 'commander';
import { handleSignals, parkIfInterrupted, supervisor } from '../supervisor/index.ts';
import { UsageError } from './args.ts';
import { quietWhenClosed } from './closed-output.ts';
import { HelpShown } from './command.ts';
import { missingPeer, missingPeerMessage } from './optional-peers.ts';
import { VERBS } from './verbs.ts';
import { packageVersion } from './version.ts';

/**
 * Verbs that start worlds and children and run until they are done: a SIGINT, SIGTERM or SIGHUP
 * stops the world, removes temp dirs, writes the report of what ran (each verb registers its
 * writer with onInterrupt) and exits 130/143. Servers that run until told to stop (up, core, sim,
 * driver) take their signal as the normal end, with their own handler.
 */
const INTERRUPTIBLE: ReadonlySet<string> = new Set(['gate', 'drill', 'run', 'load', 'selftest', 'certify', 'bench', 'explore', 'replay', 'demo']);

/** The top-level command: the verb list for `gauntlet --help`, and "did you mean …?" for a typo'd verb. */
function program(): Command {
  const p = new Command('gauntlet')
    .usage('<verb> [options]')
    .description('chaos and contract testing for payment-provider integrations')
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  p.helpOption('-h, --help', 'show this help');
  p.option('-V, --version', 'print the version (and the Node that runs it)');
  p.helpCommand(false);
  for (const [name, v] of Object.entries(VERBS)) p.command(name).description(v.summary).helpOption(false);
  return p;
}

let quieted = false;

export function usage(): string {
  return program().helpInformation() + '\n`gauntlet VERB --help` shows a verb\'s options and an example.\n';
}

/** The verbs' names, in the order of the help. */
export function verbNames(): string[] {
  return Object.keys(VERBS);
}

/** A verb that is not in the table: commander's error, with its suggestion when one is close. */
function unknownVerb(verb: string): string {
  try {
    program().parse([verb], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.message.replace(/^error: unknown command/, 'unknown verb').replace(/^error: /, '').replace(/\n\((Did you mean [^)]*)\)/, ' ($1)');
  }
  return `unknown verb '${verb}'`;
}

export async function main(argv: string[]): Promise<number> {
  // Once, for every verb: output piped to a reader that quit ends quietly (closed-output.ts).
  if (!quieted) {
    quieted = true;
    quietWhenClosed(process.stdout);
    quietWhenClosed(process.stderr);
  }
  const [verb, ...rest] = argv;
  if (verb === '--version' || verb === '-V' || verb === 'version') {
    process.stdout.write(`gauntlet ${packageVersion() ?? '(version unknown)'} (node ${process.version})\n`);
    return 0;
  }
  if (!verb || verb === 'help' || verb === '--help' || verb === '-h') {
    // `gauntlet help drill` is `gauntlet drill --help`.
    const asked = verb === 'help' ? rest[0] : undefined;
    if (asked === undefined || !VERBS[asked]) {
      process.stdout.write(usage());
      return 0;
    }
    return main([asked, '--help']);
  }
  const entry = VERBS[verb];
  if (!entry) {
    process.stderr.write(`gauntlet: ${unknownVerb(verb)}\n(gauntlet --help lists the verbs)\n`);
    return 2;
  }
  const signals = INTERRUPTIBLE.has(verb) ? handleSignals() : undefined;
  try {
    const code = await (await entry.load()).run(rest);
    await parkIfInterrupted();
    return code;
  } catch (err) {
    // A run whose world was stopped under it by a signal fails; the handler reports and exits.
    await parkIfInterrupted();
    if (err instanceof HelpShown) return 0;
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      const message = (err as Error).message;
      process.stderr.write(`gauntlet ${verb}: ${message}\n${message.includes('--help') ? '' : `(gauntlet ${verb} --help shows the usage)\n`}`);
      return 2;
    }
    // An installed package without Pact or Allure: a setup problem, said in one line (exit 2).
    const peer = missingPeer(err);
    if (peer !== undefined) {
      process.stderr.write(`${missingPeerMessage(verb, peer)}\n`);
      return 2;
    }
    throw err;
  } finally {
    if (!signals?.interrupted) {
      signals?.release();
      await sweep(verb);
    }
  }
}

/**
 * Whatever a verb left running is a harness bug, but it must not keep this process alive (the
 * CLI printed its verdict and then hung on an orphaned core): stop it and say so.
 */
async function sweep(verb: string): Promise<void> {
  const left = await supervisor.stopAll(`gauntlet ${verb} finished`);
  if (left.stopped.length || left.released.length) {
    const what = [...left.released, ...left.stopped.map((c) => `${c.name} (pid ${c.pid})`)].join(', ');
    process.stderr.write(`gauntlet ${verb}: still running after the verb returned, now stopped: ${what}\n`);
  }
  for (const e of left.errors) process.stderr.write(`gauntlet ${verb}: while stopping what was left: ${e}\n`);
}
