// Defensive redaction. Histories carry test tokens (`pm_card_visa`), never card numbers or keys,
// but a report is the artefact most likely to be pasted into a ticket or kept by CI for months,
// so anything that can be a card number (PAN) or a provider secret is blanked before it is
// written anywhere.
//
// A PAN is blanked only when it can be one, so that the evidence around it stays readable (a
// report full of "[redacted PAN]" where times and ids were is a report nobody can use):
// - 13 to 19 digits, bare or grouped by single spaces or dashes the way cards are printed
//   (`4111 1111 1111 1111`, `3782-822463-10005`), and not part of a longer number or an
//   identifier (`pi_3N…`, `a1234…b`, `0.4111…`, `hand-1764028800123`);
// - passing the Luhn check every issued PAN passes (9 in 10 random digit strings fail it);
// - starting with a card network's prefix: 3 (Amex, Diners, JCB), 4 (Visa), 5 (Mastercard,
//   Maestro), 6 (Discover, UnionPay, Maestro), or Mastercard's 2221–2720 series (16 digits).
//   That leaves alone what merely looks long: Adyen's old all-digit pspReferences (`88…`),
//   nanosecond clocks and snowflake ids (`1…`), zero-padded counters (`0000…`);
// - a 13-digit number that is a plausible epoch-milliseconds time (years 2000 to 2100: every
//   history event has one) is therefore kept unless it starts with 3 to 6 and passes Luhn: the
//   times of 2001–2065 start with 1 or 2 and are never touched.

/**
 * A run of digit groups separated by single spaces or dashes, not glued to a word, a decimal
 * point or an identifier's dash (`ref-123…`): the candidates, checked group-window by window below.
 */
const DIGIT_RUN = /(?<!\w|\d\.|[A-Za-z_]-)\d+(?:[ -]\d+)*(?!\w|\.\d|-[A-Za-z_])/g;
/** Stripe secret and restricted keys, and webhook signing secrets (`+`: redacting twice changes nothing). */
const SECRET = /\b(sk|rk|whsec)_[A-Za-z0-9_]+/g;

export const REDACTED_PAN = '[redacted PAN]';

/** Epoch milliseconds of 2000-01-01 and 2100-01-01 (UTC). */
const EPOCH_MS_2000 = 946_684_800_000;
const EPOCH_MS_2100 = 4_102_444_800_000;

export function redact(text: string): string {
  return text.replace(DIGIT_RUN, redactRun).replace(SECRET, '$1_[redacted]');
}

/** Whether these digits (no separators) can be a card number; see the top of the file. */
export function isPlausiblePan(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits) || !luhn(digits)) return false;
  if (!networkPrefix(digits)) return false;
  if (digits.length === 13) {
    const n = Number(digits);
    // A time of 2065–2100 (3… or 4…) that happens to pass Luhn is redacted: better a lost time than a leaked card.
    if (n >= EPOCH_MS_2000 && n < EPOCH_MS_2100 && !/^[3-6]/.test(digits)) return false;
  }
  return true;
}

function networkPrefix(digits: string): boolean {
  if (/^[3-6]/.test(digits)) return true;
  const two = Number(digits.slice(0, 4));
  return digits.length === 16 && two >= 2221 && two <= 2720;
}

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * One run of digit groups: the whole run when it is a card number, else the longest windows of
 * whole groups that are (a card followed by `12 2030`, two cards in a list), each printed the way
 * cards are grouped. A window never splits a group: `12345 4111111111111111 0` keeps its card, a
 * 20-digit number none.
 */
function redactRun(run: string): string {
  const groups = run.split(/[ -]/);
  const seps = run.match(/[ -]/g) ?? [];
  const out: string[] = [];
  let i = 0;
  while (i < groups.length) {
    // A card is at most 19 digits: windows never grow past that, so a long run of numbers costs linear time.
    let last = i;
    for (let n = groups[i]!.length; last + 1 < groups.length && n + groups[last + 1]!.length <= 19; last++) n += groups[last + 1]!.length;
    let end = -1;
    for (let j = last + 1; j > i; j--) {
      if (cardShaped(groups.slice(i, j), seps.slice(i, j - 1)) && isPlausiblePan(groups.slice(i, j).join(''))) {
        end = j;
        break;
      }
    }
    if (end < 0) {
      out.push(groups[i]!, i < seps.length ? seps[i]! : '');
      i += 1;
      continue;
    }
    out.push(REDACTED_PAN, end - 1 < seps.length ? seps[end - 1]! : '');
    i = end;
  }
  return out.join('');
}

/** One group, or groups of 3 to 6 digits (the last 1 to 6) joined by one kind of separator. */
function cardShaped(groups: string[], seps: string[]): boolean {
  if (groups.length === 1) return true;
  if (new Set(seps).size !== 1) return false;
  return groups.every((g, k) => (k === groups.length - 1 ? g.length >= 1 : g.length >= 3) && g.length <= 6);
}

/**
 * A copy of a JSON-like value with every string (keys included) redacted. Numbers are left alone:
 * times are 13-digit epoch milliseconds, and payment methods are strings.
 */
export function redactDeep<T>(value: T): T {
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(walk);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), walk(v)]));
  }
  return value;
}
