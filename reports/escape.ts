// Text from data enters XML and HTML only through here. Pages are written with the `markup`
// tagged template (hono/html underneath): every interpolated value is data, escaped, unless it is
// markup that another `markup` call produced. Escaping is the default, so a forgotten helper can
// no longer put a drill name or an adapter's message into the page as markup. Data is first
// redacted (no card number or secret reaches a report) and stripped of characters XML 1.0 forbids
// (a control byte in an error message would make a whole JUnit file unreadable); hono then escapes
// it for element content and quoted attributes alike.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { redact } from './redact.ts';

/** Markup this project wrote: safe to interpolate into more markup as it is. */
export type Markup = HtmlEscapedString;

/** What a `markup` template takes: data (escaped), markup (kept), or lists of either (concatenated). */
export type Interpolation = string | number | null | undefined | false | Markup | readonly Interpolation[];

const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Markup from a template whose every interpolation is escaped (after redaction) unless it is already markup. */
export function markup(strings: TemplateStringsArray, ...values: readonly Interpolation[]): Markup {
  const out = html(strings, ...values.map(asData));
  // hono answers with a Promise only when a Promise was interpolated; the types above allow none.
  if (out instanceof Promise) throw new Error('a Promise was interpolated into report markup');
  return out;
}

/** Items with a separator between them, e.g. `join(lines, markup`<br>`)`; the items are escaped like any interpolation. */
export function join(items: readonly Interpolation[], separator: Markup): Markup {
  return markup`${items.flatMap((item, i) => (i === 0 ? [item] : [separator, item]))}`;
}

/** Was this produced by `markup` (or hono's html/raw)? Then it is kept, not escaped again. */
function isMarkup(v: unknown): v is Markup {
  return typeof v === 'object' && v !== null && (v as { isEscaped?: unknown }).isEscaped === true;
}

function asData(v: Interpolation): unknown {
  if (isMarkup(v)) return v;
  if (Array.isArray(v)) return v.map(asData);
  if (v === null || v === undefined || v === false) return v;
  // Numbers too: a long digit run is redacted like any other text.
  return cleanText(String(v));
}

/** Redacted and stripped of what XML cannot carry; escaping is hono's job. */
function cleanText(text: string): string {
  return redact(text).replace(NOT_XML_CHAR, '\uFFFD');
}
