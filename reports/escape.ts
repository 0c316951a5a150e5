// Text from data enters XML and HTML only through here: redacted, stripped of characters XML 1.0
// forbids (a control byte in an error message would make the whole JUnit file unreadable), and
// escaped for both element content and quoted attributes.
import { redact } from './redact.ts';

const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeMarkup(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Data-derived text, ready for markup: redacted, then escaped. */
export function safe(value: string | number | boolean | null | undefined): string {
  return escapeMarkup(redact(String(value ?? '')));
}
