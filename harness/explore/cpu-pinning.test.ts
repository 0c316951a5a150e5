// Explore workers held one to a CPU on request: the kernel's cpu lists read right, pinning only
// when asked and the CPUs allow it, and (on Linux with taskset and two CPUs) a child really runs held to
// its CPU, or anywhere when pinning is off.
import { describe, expect, it } from 'vitest';
import { Supervisor } from '../supervisor/index.ts';
import { allowedCpus, hasTaskset, parseCpuList, pinnedCommand, workerCpus, type PinMode } from './cpu-pinning.ts';
import { exploreInWorkers } from './workers.ts';

const FIXTURE = new URL('./workers.fixture.ts', import.meta.url);

describe('parseCpuList', () => {
  it('reads single CPUs, ranges and their mix, in order, once each', () => {
    expect(parseCpuList('0')).toEqual([0]);
    expect(parseCpuList('0-3')).toEqual([0, 1, 2, 3]);
    expect(parseCpuList('8,0-1,10-11\n')).toEqual([0, 1, 8, 10, 11]);
    expect(parseCpuList('1,1-2')).toEqual([1, 2]);
  });

  it('refuses what is not a cpu list', () => {
    for (const bad of ['', 'a', '3-1', '0-', ',', '0,,1', '1-99999']) expect(parseCpuList(bad), bad).toBeUndefined();
  });
});

describe('allowedCpus', () => {
  it('reads Cpus_allowed_list from the status file, and nothing where there is none', () => {
    expect(allowedCpus(() => 'Name:\tnode\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\nMems_allowed:\t1\n')).toEqual([0, 1]);
    expect(allowedCpus(() => 'Name:\tnode\n')).toBeUndefined();
    expect(
      allowedCpus(() => {
        throw new Error('ENOENT: no /proc here');
      }),
    ).toBeUndefined();
  });
});

describe('workerCpus', () => {
  const can = () => true;
  it('always: pins whenever each worker can have a CPU of its own, in the order allowed', () => {
    expect(workerCpus(2, 'always', [0, 1], can)).toEqual([0, 1]);
    expect(workerCpus(2, 'always', [2, 5, 7], can)).toEqual([2, 5]);
    expect(workerCpus(1, 'always', [0, 1], can)).toEqual([0]);
  });

  it('leaves them to the OS when they cannot each have one, when told to, or when nothing can pin', () => {
    expect(workerCpus(3, 'always', [0, 1], can)).toBeUndefined();
    expect(workerCpus(2, 'always', [], can)).toBeUndefined();
    expect(workerCpus(2, 'always', [0, 1], () => false)).toBeUndefined();
    expect(workerCpus(0, 'always', [0, 1], can)).toBeUndefined();
    expect(workerCpus(2, 'never', [0, 1], can)).toBeUndefined();
  });

  it('runs the command itself under taskset', () => {
    expect(pinnedCommand(1, '/usr/bin/node', ['--flag', 'entry.mjs'])).toEqual(['taskset', ['--cpu-list', '1', '/usr/bin/node', '--flag', 'entry.mjs']]);
  });
});

const cpus = allowedCpus();
const why = !cpus ? 'no /proc/self/status (not Linux)' : cpus.length < 2 ? `only ${cpus.length} CPU allowed here` : !hasTaskset() ? 'no taskset on PATH (util-linux)' : undefined;
if (why) console.log(`cpu-pinning: the child-process cases are skipped: ${why}`);

describe.skipIf(why !== undefined)('explore worker processes on this machine', () => {
  // Worker 1 of the fixture waits; worker 2 tells its CPUs as its crash.
  const affinityOfWorker2 = async (pin: PinMode) => {
    const sup = new Supervisor();
    const err = await exploreInWorkers({ seed: 1, runs: 4, workers: 2, mutant: 'affinity', module: FIXTURE, supervisor: sup, pin }).then(
      () => undefined,
      (e: Error) => e.message,
    );
    await sup.stopAll('test end');
    return /runs on CPUs (\S+)/.exec(err ?? '')?.[1];
  };

  it('holds each child to a CPU of its own', async () => {
    expect(await affinityOfWorker2('always')).toBe(String(cpus![1]));
  }, 60_000);

  it("lets the OS place them with pin: 'never'", async () => {
    const list = await affinityOfWorker2('never');
    expect(parseCpuList(list ?? '')).toEqual(cpus);
  }, 60_000);

  it('reports the CPUs it held the workers to, with the same runs and digests as unpinned (the default)', async () => {
    const o = { seed: 11, runs: 6, workers: 2 } as const;
    const pinned = await exploreInWorkers({ ...o, supervisor: new Supervisor(), pin: 'always' });
    const free = await exploreInWorkers({ ...o, supervisor: new Supervisor() });
    expect(pinned.pinnedCpus).toEqual(cpus!.slice(0, 2));
    expect(free.pinnedCpus).toBeUndefined();
    expect(pinned.part.runLog).toEqual(free.part.runLog);
    expect(pinned.historyDigest).toBe(free.historyDigest);
  }, 240_000);
});
