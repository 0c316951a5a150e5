// How a verb declares its command line, once: flags (value name, description, default), positional
// arguments, an example and notes. commander turns the declaration into the parser and the
// `--help` text, so the usage cannot drift from what is accepted, and its errors ("unknown option
// '--sed' (Did you mean --seed?)") replace hand-written ones. Verbs keep node:util parseArgs'
// result shape ({ values, positionals }, keys as the flags are spelled) so their bodies stay as they were.
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from './args.ts';
import { VERB_SUMMARIES } from './verb-summaries.ts';

/** One flag. With `value` it takes an argument (`--seed <S>`), without it is a boolean switch. */
export interface FlagSpec {
  readonly value?: string;
  readonly description: string;
  readonly default?: string;
  /** Repeatable: every occurrence is kept, in order (`--webhook a --webhook b`). */
  readonly multiple?: true;
  readonly short?: string;
}

export interface VerbSpec {
  /** As typed after `gauntlet`: "drill", "contracts verify". */
  readonly name: string;
  /** Top-level verbs take theirs from the verb table (verbs.ts); sub-commands say it here. */
  readonly summary?: string;
  /** commander's argument syntax: "[name]", "<shard...>", "[files...]". None: no positional allowed. */
  readonly args?: readonly string[];
  readonly options: Readonly<Record<string, FlagSpec>>;
  /** One or more command lines a user can copy. */
  readonly examples: readonly string[];
  /** Exit codes, environment variables, anything a flag's line cannot say. */
  readonly notes?: string;
}

/** Sub-command verbs (`contracts verify|test`, `driver check`). */
export interface ParentSpec {
  readonly name: string;
  readonly commands: readonly VerbSpec[];
  readonly examples: readonly string[];
}

type ValueOf<F> = F extends { value: string } ? (F extends { multiple: true } ? string[] : F extends { default: string } ? string : string | undefined) : boolean;
export type Values<O> = { -readonly [K in keyof O]: ValueOf<O[K]> };

/** Thrown once a verb's help has been printed: main exits 0. */
export class HelpShown extends Error {
  constructor() {
    super('help shown');
  }
}

/** The commander command a spec describes; output goes to stdout (help) and nowhere else (errors become UsageError). */
export function commandFor(spec: VerbSpec): Command {
  const cmd = new Command(`gauntlet ${spec.name}`).description(spec.summary ?? VERB_SUMMARIES[spec.name] ?? '').exitOverride().configureOutput({ outputError: () => undefined });
  cmd.helpOption('-h, --help', 'show this help');
  for (const a of spec.args ?? []) cmd.argument(a);
  cmd.allowExcessArguments(false);
  for (const [key, flag] of Object.entries(spec.options)) cmd.addOption(optionFor(key, flag));
  cmd.addHelpText('after', afterText(spec.examples, spec.notes));
  return cmd;
}

function optionFor(key: string, flag: FlagSpec): Option {
  const names = `${flag.short ? `-${flag.short}, ` : ''}--${key}`;
  const o = new Option(flag.value ? `${names} <${flag.value}>` : names, flag.description);
  if (flag.multiple) o.argParser((v: string, previous: string[] | undefined) => [...(previous ?? []), v]);
  if (flag.default !== undefined) o.default(flag.default);
  return o;
}

function afterText(examples: readonly string[], notes?: string): string {
  const lines = notes ? ['', notes] : [];
  lines.push('', `Example${examples.length > 1 ? 's' : ''}:`, ...examples.map((e) => `  $ ${e}`));
  return lines.join('\n');
}

/** Parses a verb's argv by its spec: `--help` prints the help and throws HelpShown; mistakes throw UsageError. */
export function parseVerb<S extends VerbSpec>(spec: S, argv: readonly string[]): { values: Values<S['options']>; positionals: string[] } {
  const cmd = commandFor(spec);
  run(cmd, argv);
  const opts = cmd.opts();
  const values: Record<string, unknown> = {};
  for (const [key, flag] of Object.entries(spec.options)) {
    const option = cmd.options.find((o) => o.long === `--${key}`)!;
    const v = opts[option.attributeName()];
    // `--no-live` is commander's negation of `live`: present means false.
    if (option.negate) values[key] = v === false;
    else if (!flag.value) values[key] = v === true;
    else if (flag.multiple) values[key] = (v as string[] | undefined) ?? [];
    else values[key] = v;
  }
  return { values: values as Values<S['options']>, positionals: cmd.args };
}

/** For a verb with sub-commands: which one, and its argv. Help and typos handled as for verbs. */
export function pickSubcommand(spec: ParentSpec, argv: readonly string[]): { command: VerbSpec; rest: string[] } {
  const [first, ...rest] = argv;
  const command = spec.commands.find((c) => c.name === `${spec.name} ${first}`);
  if (command) return { command, rest };
  const parent = parentCommand(spec);
  if (first === undefined) throw new UsageError(`which one? ${spec.commands.map((c) => c.name.split(' ').at(-1)).join(' or ')}\n\n${parent.helpInformation()}`);
  if (first === 'help') {
    process.stdout.write(parent.helpInformation());
    throw new HelpShown();
  }
  run(parent, argv);
  throw new UsageError(`which one? ${spec.commands.map((c) => c.name.split(' ').at(-1)).join(' or ')}`);
}

/** The help of a sub-command verb: its sub-commands, each with its summary. */
export function parentCommand(spec: ParentSpec): Command {
  const cmd = new Command(`gauntlet ${spec.name}`).description(VERB_SUMMARIES[spec.name] ?? '').exitOverride().configureOutput({ outputError: () => undefined });
  cmd.helpOption('-h, --help', 'show this help');
  cmd.helpCommand(false);
  for (const c of spec.commands) cmd.command(c.name.split(' ').at(-1)!).description(c.summary ?? '').helpOption(false);
  cmd.addHelpText('after', afterText(spec.examples));
  return cmd;
}

function run(cmd: Command, argv: readonly string[]): void {
  try {
    cmd.parse([...argv], { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') throw new HelpShown();
    // "error: unknown option '--sed'\n(Did you mean --seed?)" → one line, and where the usage is.
    const message = err.message.replace(/^error: /, '').replace(/\n\((Did you mean [^)]*)\)/, ' ($1)');
    throw new UsageError(message);
  }
}

/**
 * The candidate closest to a typo, by commander's own measure (the one behind "Did you mean …?"
 * for options and verbs), or undefined when none is close. commander does not export it, so it is
 * asked through a throwaway command whose sub-commands are the candidates.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const probe = new Command('probe').exitOverride().configureOutput({ outputError: () => undefined, writeErr: () => undefined });
  probe.helpCommand(false);
  for (const c of candidates) probe.command(c);
  try {
    probe.parse([word], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return /Did you mean ([^?]+)\?/.exec(err.message)?.[1];
  }
  return undefined;
}
