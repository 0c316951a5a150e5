// The main job's story must stay true: every fact the demo narrates is checked against the live
// simulators' answers and ledgers, over real sockets.
import { describe, expect, it } from 'vitest';
import { runDemo } from './demo.ts';

describe('gauntlet demo', () => {
  it.each([1, 20261125])('holds every narrated fact (seed %i)', async (seed) => {
    const lines: string[] = [];
    const broken = await runDemo(seed, (l) => lines.push(l));
    expect(broken, lines.join('\n')).toEqual([]);
    expect(lines.filter((l) => l.includes('✓')).length).toBeGreaterThanOrEqual(15);
  });
});
