// Card numbers (PANs) at the edge. The core is outside PCI card-data scope on purpose: merchants
// send a PSP token (`pm_…`, an Adyen test token), never a card number, so a payment method that
// holds one is refused before it is stored, and nothing the core echoes back (an unknown id in a
// path, an unknown field) repeats one.
//
// A candidate is a run of digits, optionally grouped by single spaces or dashes the way cards are
// printed, not glued to letters or other digits (`pi_3N…`, `pm_1N…` are ids). Any 13 to 19 digit
// window of it that starts like a card network (2 to 6: Mastercard 2-series, Amex/Diners/JCB,
// Visa, Mastercard, Discover/UnionPay) and passes Luhn counts. That is stricter than the report
// redactor (reports/redact.ts), which must keep evidence readable: here a false alarm costs a
// refused token, a miss costs a stored card.
// The Luhn check is the core's own: the core must not lean on a fake PSP's rules, and a number a
// fake PSP would refuse is still a card number the core must not store.

/** Whether `digits` (digits only) passes the Luhn (mod 10) check. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const RUN = /(?<![A-Za-z0-9])\d(?:[ -]?\d)*(?![A-Za-z0-9])/g;

function holdsCard(digits: string): boolean {
  for (let start = 0; start + 13 <= digits.length; start++) {
    if (!/[2-6]/.test(digits[start]!)) continue;
    for (let len = 13; len <= 19 && start + len <= digits.length; len++) if (luhnValid(digits.slice(start, start + len))) return true;
  }
  return false;
}

/** Whether `text` holds something that can be a card number. */
export function containsCardNumber(text: string): boolean {
  for (const m of text.matchAll(RUN)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (holdsCard(digits)) return true;
  }
  return false;
}

/** `text` with every run that holds a card number replaced, for messages that echo input. */
export function maskCardNumbers(text: string): string {
  return text.replace(RUN, (run) => {
    const digits = run.replace(/[ -]/g, '');
    return holdsCard(digits) ? '[card number removed]' : run;
  });
}
