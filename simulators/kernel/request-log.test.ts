import { describe, expect, it } from 'vitest';
import { RequestLog, type RequestLogEntry } from './request-log.ts';

const entry = (n: number): RequestLogEntry => ({ at: n, answeredAt: n, requestId: `req_${n}`, operation: 'op', method: 'POST', path: '/x', status: 200 });

describe('RequestLog', () => {
  it('keeps the newest 20,000 entries, oldest first, and counts what it let go', () => {
    const log = new RequestLog();
    for (let n = 0; n < 20_000; n++) log.append(entry(n));
    expect(log.all()).toHaveLength(20_000);
    expect(log.dropped()).toBe(0);
    for (let n = 20_000; n < 26_001; n++) {
      log.append(entry(n));
      // Every append, whatever the trimming inside: exactly the newest 20,000.
      if (n % 997 === 0 || n === 26_000) {
        const all = log.all();
        expect(all).toHaveLength(20_000);
        expect(all[0]!.at).toBe(n - 19_999);
        expect(all.at(-1)!.at).toBe(n);
        expect(log.dropped()).toBe(n - 19_999);
      }
    }
  });

  it('freezes what it keeps and forgets everything on clear', () => {
    const log = new RequestLog();
    const e = entry(1);
    log.append(e);
    e.status = 500;
    expect(log.all()[0]!.status).toBe(200);
    expect(Object.isFrozen(log.all()[0])).toBe(true);
    log.clear();
    expect([log.all().length, log.dropped()]).toEqual([0, 0]);
  });
});
