// A date on the calendar, `YYYY-MM-DD`: the shape alone accepts 2026-13-45 and 2026-02-30,
// which then reach the settlement source (and Date arithmetic) as nonsense.

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(text: string): boolean {
  const m = SHAPE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1970 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (UTC: no time zone moves the day).
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
