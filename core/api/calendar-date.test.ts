import { describe, expect, it } from 'vitest';
import { isCalendarDate } from './calendar-date.ts';

describe('isCalendarDate', () => {
  it.each(['2026-01-31', '2024-02-29', '2026-12-31', '2000-02-29'])('takes %s', (d) => expect(isCalendarDate(d)).toBe(true));
  it.each(['2026-13-45', '2026-02-30', '2026-02-29', '1900-02-29', '2026-04-31', '2026-00-10', '2026-01-00', '2026-1-01', '26-01-01', '2026-01-01T00:00', ' 2026-01-01', '1969-12-31', ''])(
    'refuses %j',
    (d) => expect(isCalendarDate(d)).toBe(false),
  );
});
