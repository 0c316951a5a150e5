// The command that runs a drill again exactly, built once for every place that prints it (the
// drill verb's rerun line, the gate's summary, JUnit, HTML, Allure): a second copy is how the
// rerun lines came to drop `--mutant` and to name a file-loaded drill by a name no catalogue knows.

export interface DrillReplayTarget {
  /** The drill's name (what the catalogue knows it by). */
  drill: string;
  world: 'sim' | 'live';
  seed: number;
  /** The file the drill was loaded from, as the user named it; absent for a catalogue drill. */
  source?: string | undefined;
}

export interface DrillReplayContext {
  /** The built-in mutant the reference core ran as: without it the rerun tests the correct core. */
  mutant?: string | null | undefined;
  /** The user's driver module and world file, when known: a live drill needs one of them. */
  driver?: string | undefined;
  worldFile?: string | undefined;
  /** The simulation world's storage for the core, when not the default (memory). */
  storage?: string | undefined;
  /**
   * The caller knows how the SUT was reached (the CLI does; a stored report does not): no driver
   * and no world file then means the reference core, and a live drill needs neither.
   */
  sutKnown?: boolean;
}

/** `npx gauntlet drill NAME|FILE --world W --seed S [--mutant M] [--driver D] [--world-file F]`. */
export function drillReplayCommand(d: DrillReplayTarget, c: DrillReplayContext = {}): string {
  const parts = ['npx gauntlet drill', shellWord(d.source ?? d.drill), '--world', d.world, '--seed', String(d.seed)];
  if (c.mutant) parts.push('--mutant', c.mutant);
  if (c.storage && c.storage !== 'memory') parts.push('--storage', c.storage);
  if (c.driver) parts.push('--driver', shellWord(c.driver));
  if (c.worldFile) parts.push('--world-file', shellWord(c.worldFile));
  // A live drill runs against the user's service; where that is was not kept: say so, not guess.
  if (d.world === 'live' && !c.driver && !c.worldFile && !c.sutKnown) parts.push('--driver PATH|--world-file FILE');
  return parts.join(' ');
}

/** A path as a shell reads it back: bare when it is plain, else single-quoted. */
function shellWord(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}
