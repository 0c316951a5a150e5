// Reading the HTML the reports write the way a browser reads it (parse5, the WHATWG algorithm),
// into a small tree the tests query: elements by name, attributes, text. Kept apart from
// test-support.ts so a test elsewhere (the certificate's) can read a page without loading drills.
import { parse, parseFragment, type DefaultTreeAdapterMap, type ParserError } from 'parse5';

export interface MarkupNode {
  name: string;
  attrs: Record<string, string>;
  children: MarkupNode[];
  /** Text and elements in document order, entities decoded. */
  content: Array<string | MarkupNode>;
}

/**
 * Parses HTML the way a browser does (parse5, the WHATWG algorithm) and throws where a browser
 * would silently repair the page, so that "well-formed" still means something: any parse error
 * the standard names (a duplicated attribute, a missing doctype, `<div/>`, a bad character
 * reference...), and any element left unclosed or closed by another's tag (crossed tags), and any
 * element the parser had to invent (only a table's implied <tbody> is allowed). A whole page gives
 * its <html> element; a fragment (the timeline's <svg>) its one root element.
 */
export function parseHtml(text: string, o: { fragment?: boolean } = {}): MarkupNode {
  const source = String(text);
  const problems: string[] = [];
  const options = { sourceCodeLocationInfo: true, onParseError: (e: ParserError) => problems.push(`${e.code} at ${e.startLine}:${e.startCol}`) };
  const tree = o.fragment ? parseFragment(source, options) : parse(source, options);
  unrepaired(tree, source, problems);
  if (problems.length) throw new Error(`not well-formed HTML: ${problems.slice(0, 10).join('; ')}`);
  const roots = fromParse5(tree).children;
  if (roots.length !== 1) throw new Error(`expected one root element, found ${roots.length}`);
  return roots[0]!;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * Elements the parser invented, closed or moved on the page's behalf (text inside a <table> is
 * moved before it): each is markup the writer got wrong. `last` is how far into the source the
 * walk has come; a node that starts before it was moved.
 */
function unrepaired(node: Parse5Node, source: string, problems: string[], last = { offset: -1 }): void {
  for (const child of 'childNodes' in node ? node.childNodes : []) {
    const start = child.sourceCodeLocation?.startOffset;
    if (start !== undefined) {
      if (start < last.offset) problems.push(`${child.nodeName} at offset ${start} was moved by the parser (e.g. text directly in a table)`);
      last.offset = Math.max(last.offset, start);
    }
    if (!('tagName' in child)) continue;
    const at = child.sourceCodeLocation;
    if (!at) {
      if (child.tagName !== 'tbody') problems.push(`<${child.tagName}> is not in the source: the parser had to insert it`);
    } else if (!at.endTag && !VOID.has(child.tagName) && !source.slice(at.startTag!.startOffset, at.startTag!.endOffset).endsWith('/>')) {
      problems.push(`<${child.tagName}> at ${at.startLine}:${at.startCol} is never closed (or is closed by another element's end tag)`);
    }
    unrepaired(child, source, problems, last);
  }
}

type Parse5Node = DefaultTreeAdapterMap['node'];

function fromParse5(node: Parse5Node): MarkupNode {
  const out: MarkupNode = { name: node.nodeName, attrs: {}, children: [], content: [] };
  if ('attrs' in node) for (const a of node.attrs) out.attrs[a.name] = a.value;
  for (const child of 'childNodes' in node ? node.childNodes : []) {
    if (child.nodeName === '#text') out.content.push((child as DefaultTreeAdapterMap['textNode']).value);
    else if ('tagName' in child) {
      const element = fromParse5(child);
      out.children.push(element);
      out.content.push(element);
    }
  }
  return out;
}

/** Every element named `name` in the tree, depth first. */
export function elements(node: MarkupNode, name: string): MarkupNode[] {
  return [...(node.name === name ? [node] : []), ...node.children.flatMap((c) => elements(c, name))];
}

/** All text under a node, in document order. */
export function textOf(node: MarkupNode): string {
  return node.content.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
