// What every string crossing a Gauntlet surface must be: storable and encodable. Postgres `text`
// cannot hold U+0000, and a lone UTF-16 surrogate has no UTF-8 encoding (a form or JSON encoder
// throws on it, or silently turns it into U+FFFD, so a PSP would store another reference than
// the sender). The core and the simulators each refuse such text at their edge, in their own words.

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` cannot be stored or encoded, or `undefined` when it can. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (not valid Unicode)';
  return undefined;
}
