// Numbers for people, the same way everywhere in the HTML page. `null` means "not measured"
// (no authorizations to rate, a SUT that does not report webhook lag), never zero.

export const NOT_MEASURED = '—';

export function percent(fraction: number | null): string {
  if (fraction === null) return NOT_MEASURED;
  return `${(Math.round(fraction * 10_000) / 100).toString()}%`;
}

export function millis(ms: number | null): string {
  return ms === null ? NOT_MEASURED : `${Math.round(ms)} ms`;
}

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function count(n: number | null): string {
  return n === null ? NOT_MEASURED : String(n);
}
