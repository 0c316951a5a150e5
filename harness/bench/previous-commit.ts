// Exploration speed against the previous commit, in the same run: a change's cost is a ratio to
// what came before it, measured on the same machine at the same time, not a figure from another
// day. The previous commit's tree is exported (`git archive`, so the repository's index and work
// tree are never touched) into a supervised temp dir with this tree's node_modules linked in,
// and each tree's own `gauntlet explore` plays the same seed's first runs, in alternating rounds
// (previous, current, previous, current...), each in its own child process.
//
// The same runs on both sides: when the two history digests agree, the commits explored the same
// histories, so the change was speed only; when they differ, it changed behaviour (or the runs).
import { readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { supervisor as defaultSupervisor, type Supervisor } from '../supervisor/index.ts';

/** The repository this module runs from (harness/bench/ → its root). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD_GRACE_MS = 5_000;

export interface TreeFigure {
  runs: number;
  lifecycles: number;
  /** Exploring, summed over the rounds (each process's start-up excluded, as `explore` reports it). */
  seconds: number;
  lifecyclesPerSecond: number;
  historyDigest: string;
}

export interface PreviousCommitResult {
  ref: string;
  commit: string;
  subject: string;
  /** Whether the comparison is against uncommitted changes (then the ref is HEAD). */
  uncommitted: boolean;
  rounds: number;
  runsPerRound: number;
  seed: number;
  current: TreeFigure;
  previous: TreeFigure;
  /** current over previous, lifecycles/s. */
  ratio: number;
  sameHistories: boolean;
  notes: string[];
}

export type PreviousCommitBench = PreviousCommitResult | { unavailable: string };

export interface PreviousCommitOptions {
  /** Default: HEAD when the work tree has uncommitted changes, else HEAD~1. */
  ref?: string;
  seed?: number;
  runsPerRound?: number;
  rounds?: number;
  supervisor?: Supervisor;
  /** The repository to compare (default: the one this module runs from). */
  root?: string;
}

class Unavailable extends Error {}

export async function benchPreviousCommit(o: PreviousCommitOptions = {}): Promise<PreviousCommitBench> {
  const sup = o.supervisor ?? defaultSupervisor;
  const root = o.root ?? ROOT;
  const seed = o.seed ?? 20261125;
  const runsPerRound = o.runsPerRound ?? 1_000;
  const rounds = o.rounds ?? 2;
  let dir: string | undefined;
  try {
    const git = (args: string[]) => run(sup, 'git', ['-C', root, ...args], `git ${args[0]}`);
    const dirty = (await git(['status', '--porcelain', '--untracked-files=no'])).trim() !== '';
    const ref = o.ref ?? (dirty ? 'HEAD' : 'HEAD~1');
    const commit = (await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => '')).trim();
    if (!commit) throw new Unavailable(`${ref} is not a commit in this clone${ref.includes('~') ? ' (a shallow clone? fetch the history, e.g. actions/checkout with fetch-depth: 0)' : ''}`);
    const subject = (await git(['log', '-1', '--format=%s', commit])).trim();
    dir = await sup.tempDir('gauntlet-bench-previous-');
    const tree = join(dir, 'tree');
    await git(['archive', '--format=tar', `--prefix=tree/`, '-o', join(dir, 'tree.tar'), commit]);
    await run(sup, 'tar', ['-xf', join(dir, 'tree.tar'), '-C', dir], 'tar');
    await symlink(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
    const notes: string[] = [];
    const [lockNow, lockThen] = await Promise.all([readFile(join(root, 'package-lock.json'), 'utf8').catch(() => ''), readFile(join(tree, 'package-lock.json'), 'utf8').catch(() => '')]);
    if (lockNow !== lockThen) notes.push(`package-lock.json differs: ${commit.slice(0, 10)} runs on this tree's node_modules`);

    const empty = (): TreeFigure & { ms: number } => ({ runs: 0, lifecycles: 0, seconds: 0, lifecyclesPerSecond: 0, historyDigest: '', ms: 0 });
    const previous = empty();
    const current = empty();
    for (let r = 0; r < rounds; r++) {
      for (const [side, at] of [[previous, tree], [current, root]] as const) {
        const e = await exploreIn(sup, at, join(dir, `out-${r}-${at === root ? 'current' : 'previous'}`), seed, runsPerRound);
        side.runs += e.runs;
        side.lifecycles += e.lifecycles;
        side.ms += e.durationMs;
        // The same runs every round: a digest that changes between rounds is a harness bug, said below.
        if (side.historyDigest && side.historyDigest !== e.historyDigest) notes.push(`${at === root ? 'this tree' : commit.slice(0, 10)} gave two different histories for the same seed and runs`);
        side.historyDigest = e.historyDigest;
      }
    }
    const done = ({ ms, ...f }: TreeFigure & { ms: number }): TreeFigure => ({ ...f, seconds: Math.round(ms) / 1000, lifecyclesPerSecond: ms > 0 ? Math.round((f.lifecycles / ms) * 10_000) / 10 : 0 });
    const a = done(current);
    const b = done(previous);
    return {
      ref,
      commit,
      subject,
      uncommitted: o.ref === undefined && dirty,
      rounds,
      runsPerRound,
      seed,
      current: a,
      previous: b,
      ratio: b.lifecyclesPerSecond > 0 ? Math.round((a.lifecyclesPerSecond / b.lifecyclesPerSecond) * 100) / 100 : 0,
      sameHistories: a.historyDigest === b.historyDigest,
      notes,
    };
  } catch (err) {
    if (err instanceof Unavailable) return { unavailable: err.message };
    throw err;
  } finally {
    if (dir) await sup.removeTempDir(dir);
  }
}

/** One tree's `gauntlet explore`, in its own process; what its explore.json says. */
async function exploreIn(sup: Supervisor, tree: string, out: string, seed: number, runs: number): Promise<{ runs: number; lifecycles: number; durationMs: number; historyDigest: string }> {
  const child = sup.spawn(process.execPath, [join(tree, 'bin', 'gauntlet.js'), 'explore', '--seed', String(seed), '--runs', String(runs), '--out', out, '--json'], {
    name: `gauntlet explore (${tree})`,
    cwd: tree,
    stdout: 'ignore',
    tailBytes: 8 * 1024,
    graceMs: CHILD_GRACE_MS,
  });
  const exit = await child.exited;
  // Exit 1 is a violation found: the figures still stand (and the digests will say the histories differ).
  if (exit.code !== 0 && exit.code !== 1) throw new Unavailable(`\`gauntlet explore\` in ${tree} ended with ${exit.signal ?? `exit ${exit.code}`}: ${child.stderr().trim().slice(-400)}`);
  const report = JSON.parse(await readFile(join(out, 'explore.json'), 'utf8')) as { runs?: number; lifecycles?: number; durationMs?: number; historyDigest?: string };
  if (typeof report.lifecycles !== 'number' || typeof report.durationMs !== 'number') throw new Unavailable(`the explore.json of ${tree} has no lifecycles or durationMs: too old a commit to compare with`);
  return { runs: report.runs ?? 0, lifecycles: report.lifecycles, durationMs: report.durationMs, historyDigest: report.historyDigest ?? '' };
}

/** A short command's stdout; Unavailable when it fails (git missing, not a repository...). */
async function run(sup: Supervisor, command: string, args: string[], what: string): Promise<string> {
  const child = sup.spawn(command, args, { name: what, tailBytes: 1024 * 1024, graceMs: CHILD_GRACE_MS });
  const exit = await child.exited;
  if (exit.code !== 0) throw new Unavailable(`${what} failed (${exit.signal ?? `exit ${exit.code}`}): ${child.stderr().trim().slice(-400) || 'no message'}`);
  return child.stdout();
}
