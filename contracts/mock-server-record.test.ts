// The barrier between a consumer test's answer and the Pact mock server's record of the request.
// The race itself only shows on a loaded machine (scripts/flake-check.sh runs the consumer tests
// 20 times under load); here a record that lags behind the answer is played deterministically,
// and the real mock server is checked to have recorded each request when the fetch returns.
import { getFfiLib } from '@pact-foundation/pact-core';
import { PactV4 } from '@pact-foundation/pact';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshConnectionFetch } from './fresh-connection-fetch.ts';
import { createMockServerBarrier, type RecordCounts, recordedSince } from './mock-server-record.ts';

/** A mock server's record that shows each request only `lag` reads after it was answered. */
function laggingRecord(interactions: number, lag: number) {
  const pending: { kind: 'match' | 'mismatch'; visibleAfter: number }[] = [];
  let reads = 0;
  return {
    reads: () => reads,
    answer(kind: 'match' | 'mismatch') {
      pending.push({ kind, visibleAfter: reads + lag });
    },
    read(): RecordCounts {
      reads += 1;
      const seen = pending.filter((p) => reads > p.visibleAfter);
      const matched = seen.filter((p) => p.kind === 'match').length;
      return { missing: interactions - matched, unmatched: seen.length - matched };
    },
  };
}

/** Virtual time for the deadline: each pause advances it. */
function virtualTime() {
  let t = 0;
  return { now: () => t, pause: async (ms: number) => void (t += ms) };
}

describe('mock server barrier', () => {
  it('counts a matched request (one missing fewer) and an unmatched one (one more entry)', () => {
    const base = { missing: 2, unmatched: 0 };
    expect(recordedSince(base, { missing: 1, unmatched: 0 })).toBe(1);
    expect(recordedSince(base, { missing: 2, unmatched: 1 })).toBe(1);
    expect(recordedSince(base, { missing: 1, unmatched: 1 })).toBe(2);
    expect(recordedSince(base, base)).toBe(0);
  });

  it('returns the answer only once the lagging record shows the request', async () => {
    const record = laggingRecord(1, 5);
    const time = virtualTime();
    const barrier = createMockServerBarrier({ read: () => record.read(), ...time });
    const answer = await barrier.recordedByMockServer(4000, async () => {
      record.answer('match');
      return 'the answer';
    });
    expect(answer).toBe('the answer');
    // Had it returned at once (no barrier), the record would still say "missing".
    expect(record.read()).toEqual({ missing: 0, unmatched: 0 });
    expect(record.reads()).toBeGreaterThan(5);
  });

  it('a request the mock server did not match is recorded too, and waited for', async () => {
    const record = laggingRecord(1, 3);
    const barrier = createMockServerBarrier({ read: () => record.read(), ...virtualTime() });
    await barrier.recordedByMockServer(4001, async () => record.answer('mismatch'));
    expect(record.read()).toEqual({ missing: 1, unmatched: 1 });
  });

  it('several requests in a row: each waits for its own record', async () => {
    const record = laggingRecord(3, 4);
    const barrier = createMockServerBarrier({ read: () => record.read(), ...virtualTime() });
    for (let i = 1; i <= 3; i += 1) {
      await barrier.recordedByMockServer(4002, async () => record.answer('match'));
      expect(record.read().missing).toBe(3 - i);
    }
  });

  it('no mock server on the port: sends and returns, reading nothing more', async () => {
    let reads = 0;
    const barrier = createMockServerBarrier({
      read: () => {
        reads += 1;
        return undefined;
      },
      ...virtualTime(),
    });
    expect(await barrier.recordedByMockServer(4003, async () => 7)).toBe(7);
    expect(reads).toBe(1);
  });

  it('a record that never catches up (a repeated match) gives up at the deadline and lets Pact judge', async () => {
    const time = virtualTime();
    const barrier = createMockServerBarrier({ read: () => ({ missing: 0, unmatched: 0 }), deadlineMs: 5_000, ...time });
    expect(await barrier.recordedByMockServer(4004, async () => 'late')).toBe('late');
    expect(time.now()).toBeGreaterThanOrEqual(5_000);
  });

  it('a failed send is passed on and leaves no state behind', async () => {
    const record = laggingRecord(1, 0);
    const barrier = createMockServerBarrier({ read: () => record.read(), ...virtualTime() });
    await expect(barrier.recordedByMockServer(4005, async () => Promise.reject(new Error('ECONNREFUSED')))).rejects.toThrow('ECONNREFUSED');
    // The next request takes a fresh baseline: it waits for its own record only.
    await barrier.recordedByMockServer(4005, async () => record.answer('match'));
    expect(record.read().missing).toBe(0);
  });
});

describe('freshConnectionFetch against a real Pact mock server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gauntlet-barrier-pact-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const pact = new PactV4({ consumer: 'barrier-consumer', provider: 'barrier-provider', dir, logLevel: 'error' });

  it('when the answer arrives, the mock server has already recorded the match', async () => {
    for (let i = 0; i < 5; i += 1) {
      await pact
        .addInteraction()
        .uponReceiving(`a ping ${i}`)
        .withRequest('POST', `/ping/${i}`, (b) => b.jsonBody({ i }))
        .willRespondWith(200, (b) => b.jsonBody({ pong: i }))
        .executeTest(async (server) => {
          const res = await freshConnectionFetch(`${server.url}/ping/${i}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ i }) });
          expect(await res.json()).toEqual({ pong: i });
          expect(getFfiLib('error').pactffiMockServerMatched(server.port)).toBe(true);
        });
    }
  });

  it('a wrong request is recorded as a mismatch by the time its answer arrives', async () => {
    let mismatchTypes: string[] = [];
    await expect(
      pact
        .addInteraction()
        .uponReceiving('a ping with a body')
        .withRequest('POST', '/ping', (b) => b.jsonBody({ i: 1 }))
        .willRespondWith(200)
        .executeTest(async (server) => {
          await freshConnectionFetch(`${server.url}/ping`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ i: 2 }) });
          mismatchTypes = (JSON.parse(getFfiLib('error').pactffiMockServerMismatches(server.port)) as { type: string }[]).map((m) => m.type);
        }),
    ).rejects.toThrow(/mismatch/i);
    expect(mismatchTypes).toContain('request-mismatch');
  });
});
