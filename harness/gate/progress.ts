// The gate's progress on stderr, for the person waiting on it. On a terminal: the gate's lines
// scroll as they come, and one status line below them is rewritten in place (what is running,
// drill n of m, wall time elapsed against the budget, the last drill's simulated time, labelled
// as simulated). Not on a terminal (CI logs, a pipe): no escape codes and no rewriting, one plain
// line as each step starts and ends, each with the wall time elapsed. stdout is never touched, so
// `gate --json` stays one JSON document.
//
// It reads the steps from the gate's own log lines (`log`: `gateLogStep`), so CI and the terminal
// say the same things, and takes the steps no line announces (a drill's start) from the gate's
// `progress` option (`step`).

export type GateStepPhase = 'contracts' | 'drills' | 'exploration';

export type GateStep =
  /** The plan: how many drills the gate means to run. */
  | { kind: 'plan'; drills: number; line?: string }
  | { kind: 'phase-start'; phase: GateStepPhase; line?: string }
  | { kind: 'phase-end'; phase: GateStepPhase; line?: string }
  | { kind: 'drill-start'; drill: string; world: 'sim' | 'live' }
  /** `virtualMs`: the drill's own clock in the simulation world (simulated time, not wall). */
  | { kind: 'drill-end'; drill: string; world: 'sim' | 'live'; verdict: string; wallMs?: number; virtualMs?: number; line?: string }
  | { kind: 'drills-not-run'; count: number; line?: string }
  | { kind: 'note'; line: string };

/** What it writes to: process.stderr, or a fake in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

export interface GateProgressOptions {
  stream: ProgressStream;
  /** Wall clock, ms (performance.now in the gate). */
  now: () => number;
  /** The gate's budget, shown beside the elapsed time. */
  budgetMs?: number;
  /** How often the status line is redrawn on a terminal so the elapsed time moves (default 1000; 0: only on steps). */
  redrawMs?: number;
}

const CLEAR_LINE = '\r\x1b[2K';

export class GateProgress {
  private readonly o: GateProgressOptions;
  private readonly tty: boolean;
  private readonly started: number;
  private readonly running = new Map<string, string>();
  private readonly phases = new Set<GateStepPhase>();
  private total: number | null = null;
  private done = 0;
  private notRun = 0;
  /**
   * Each drill's number, given when it starts and repeated when it ends: drills on two threads end
   * in any order, and numbering the end by how many were done made one drill `2/17` at its start
   * and `1/17` at its end.
   */
  private readonly numbers = new Map<string, number>();
  private last: string | null = null;
  private statusShown = false;
  private closed = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(o: GateProgressOptions) {
    this.o = o;
    this.tty = Boolean(o.stream.isTTY);
    this.started = o.now();
    const every = o.redrawMs ?? 1000;
    if (this.tty && every > 0) {
      this.timer = setInterval(() => this.drawStatus(), every);
      // The redraw never keeps the process alive.
      this.timer.unref?.();
    }
  }

  /** One of the gate's log lines: printed, and the step it announces taken. */
  log(line: string): void {
    this.step(gateLogStep(line));
  }

  step(e: GateStep): void {
    let line: string | undefined;
    switch (e.kind) {
      case 'plan':
        this.total = e.drills;
        line = e.line;
        break;
      case 'phase-start':
        this.phases.add(e.phase);
        line = e.line ?? `${e.phase}: started`;
        break;
      case 'phase-end':
        this.phases.delete(e.phase);
        line = e.line ?? `${e.phase}: done`;
        break;
      case 'drill-start':
        this.phases.add('drills');
        this.running.set(drillKey(e), `${e.drill} (${e.world})`);
        this.numbers.set(drillKey(e), this.numbers.size + 1);
        line = `drill ${this.numbers.size}${this.ofTotal()} ${e.drill} (${e.world}): started`;
        break;
      case 'drill-end': {
        this.phases.add('drills');
        this.running.delete(drillKey(e));
        this.done += 1;
        // A drill whose start was not announced (a gate that only logs) is numbered as it ends.
        if (!this.numbers.has(drillKey(e))) this.numbers.set(drillKey(e), this.numbers.size + 1);
        const n = this.numbers.get(drillKey(e))!;
        const clocks = [e.wallMs !== undefined ? `${secs(e.wallMs)} wall` : '', e.virtualMs !== undefined ? `${secs(e.virtualMs)} simulated` : ''].filter(Boolean).join(', ');
        this.last = `${e.drill} ${e.verdict}${clocks ? ` (${clocks})` : ''}`;
        // The gate's own line when it gave one (it says more), numbered, with the simulated time it lacks.
        const said = e.line?.replace(/^drill /, '');
        const simulated = e.virtualMs !== undefined && !said?.includes('simulated') ? ` [${secs(e.virtualMs)} simulated]` : '';
        line = `drill ${n}${this.ofTotal()} ${said !== undefined ? `${said}${simulated}` : `${e.drill} (${e.world}): ${e.verdict}${clocks ? ` (${clocks})` : ''}`}`;
        if (this.total !== null && this.done + this.notRun >= this.total) this.phases.delete('drills');
        break;
      }
      case 'drills-not-run':
        this.notRun += e.count;
        line = e.line ?? `drills: ${e.count} not run`;
        if (this.total !== null && this.done + this.notRun >= this.total) this.phases.delete('drills');
        break;
      case 'note':
        line = e.line;
        break;
    }
    if (line !== undefined) this.print(line);
    this.drawStatus();
  }

  /** Leaves the terminal as it found it: the status line erased, the redraw stopped; later lines still print, plain. */
  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.tty && this.statusShown) this.o.stream.write(CLEAR_LINE);
    this.statusShown = false;
  }

  /** The status line as it would be drawn now (also what a test reads). */
  status(): string {
    const parts = [`${secs(this.o.now() - this.started)} elapsed${this.o.budgetMs ? ` of ${secs(this.o.budgetMs)} budget` : ''} (wall)`];
    const active = [...this.phases];
    parts.push(active.length ? active.join(' + ') : 'starting');
    if (this.total !== null || this.done) parts.push(`drills ${this.done}${this.ofTotal()} done${this.notRun ? `, ${this.notRun} not run` : ''}`);
    if (this.running.size) parts.push(`running ${[...this.running.values()].join(', ')}`);
    if (this.last) parts.push(`last: ${this.last}`);
    return `[gate] ${parts.join(' · ')}`;
  }

  private ofTotal(): string {
    return this.total === null ? '' : `/${this.total}`;
  }

  private print(line: string): void {
    const stamped = `[gate] ${secs(this.o.now() - this.started).padStart(7)}  ${line}\n`;
    this.o.stream.write(this.tty && this.statusShown ? `${CLEAR_LINE}${stamped}` : stamped);
    this.statusShown = false;
  }

  private drawStatus(): void {
    if (!this.tty || this.closed) return;
    // Cut to the terminal's width: a wrapped status line could no longer be rewritten in place.
    // A terminal that does not say its width (0 under `script`, a pty without a size) is taken as 100 wide.
    const width = Math.max(20, (this.o.stream.columns || 100) - 1);
    const s = this.status();
    this.o.stream.write(`${CLEAR_LINE}${s.length > width ? `${s.slice(0, width - 1)}…` : s}`);
    this.statusShown = true;
  }
}

export function gateProgress(o: GateProgressOptions): GateProgress {
  return new GateProgress(o);
}

/**
 * The step a gate log line announces (harness/gate/gate.ts's `log` calls and budget.ts's plan
 * line), else a note. Kept beside the lines it reads by progress.test.ts, which builds them with
 * the gate's own functions.
 */
export function gateLogStep(line: string): GateStep {
  if (line.startsWith('budget ')) {
    const counts = [...line.matchAll(/(\d+) (?:(?:sim|live) )?drills?\b/g)].map((m) => Number(m[1]));
    if (counts.length) return { kind: 'plan', drills: counts.reduce((a, b) => a + b, 0), line };
  }
  if (line.startsWith('contracts: verifying')) return { kind: 'phase-start', phase: 'contracts', line };
  if (line.startsWith('contracts: ')) return { kind: 'phase-end', phase: 'contracts', line };
  const drill = /^drill (\S+) \((sim|live)\): (\S+(?: \S+)??)(?: —|$)/.exec(line);
  if (drill) {
    // `(0.8 s)`, or for a simulation drill `(0.8 s wall, 35.5 s simulated)`.
    const clocks = /\((\d+(?:\.\d+)?) s(?: wall, (\d+(?:\.\d+)?) s simulated)?\)$/.exec(line);
    const ms = (n: string | undefined) => Math.round(Number(n) * 1000);
    return {
      kind: 'drill-end',
      drill: drill[1]!,
      world: drill[2] as 'sim' | 'live',
      verdict: drill[3]!,
      line,
      ...(clocks ? { wallMs: ms(clocks[1]) } : {}),
      ...(clocks?.[2] ? { virtualMs: ms(clocks[2]) } : {}),
    };
  }
  const notRun = /^drills: (\d+) .*not run/.exec(line);
  if (notRun) return { kind: 'drills-not-run', count: Number(notRun[1]), line };
  if (line.startsWith('exploration: up to')) return { kind: 'phase-start', phase: 'exploration', line };
  if (/^exploration: \d+ runs/.test(line)) return { kind: 'phase-end', phase: 'exploration', line };
  return { kind: 'note', line };
}

function drillKey(e: { drill: string; world: string }): string {
  return `${e.world}/${e.drill}`;
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
