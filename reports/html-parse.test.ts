// The tests' HTML reader must be able to say no: a page a browser would have to repair is not
// well-formed, and a test reading it would be reading the browser's guess, not what was written.
import { describe, expect, it } from 'vitest';
import { elements, parseHtml, textOf } from './testing/html-parse.ts';

const page = (body: string) => `<!doctype html><html lang="en"><head><title>t</title></head><body>${body}</body></html>`;

describe('parseHtml', () => {
  it('rejects what a browser would repair: crossed and unclosed tags, a block closing a paragraph, invented elements, bad attributes and references', () => {
    const bad = ['<div><span></div>', '<p>a</div>', '<a><b></a></b>', '<div>', '<p><div>x</div></p>', '<b x="1" x="2">1</b>', '<span>&nbsp</span>', '<div/>', '<table>text<tr><td>1</td></tr></table>'];
    for (const body of bad) expect(() => parseHtml(page(body)), body).toThrow(/not well-formed HTML/);
    expect(() => parseHtml('<html><head><title>t</title></head><body></body></html>')).toThrow(/missing-doctype/);
    expect(() => parseHtml('<svg><rect/></svg><svg></svg>', { fragment: true })).toThrow(/one root element/);
  });

  it('reads a well-formed page: elements, attributes, decoded text, a table\'s implied tbody, self-closed SVG', () => {
    const root = parseHtml(page('<p class="x" title="&quot;&#39;">1 &lt; 2 &amp;amp;<br>b</p><table><tr><td>c</td></tr></table><svg viewBox="0 0 1 1"><rect x="1"/><text>t</text></svg>'));
    expect(root.name).toBe('html');
    const p = elements(root, 'p')[0]!;
    expect(p.attrs).toEqual({ class: 'x', title: `"'` });
    expect(textOf(p)).toBe('1 < 2 &amp;b');
    expect(elements(root, 'tbody')).toHaveLength(1);
    expect(elements(root, 'svg')[0]!.attrs.viewBox).toBe('0 0 1 1');
    expect(elements(root, 'rect')[0]!.attrs.x).toBe('1');
  });
});
