import { describe, expect, it } from 'vitest';
import { lineSplitter } from './worker-lines.ts';

function split(chunks: string[]): string[] {
  const lines: string[] = [];
  const feed = lineSplitter((l) => lines.push(l));
  for (const c of chunks) feed(c);
  return lines;
}

describe('lineSplitter', () => {
  it('gives each whole line once, however the text is cut into chunks', () => {
    const long = 'x'.repeat(200_000);
    const text = `a\n${long}\n\nb c\n`;
    const want = ['a', long, '', 'b c'];
    expect(split([text])).toEqual(want);
    for (const size of [1, 7, 4096, 65_536]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(split(chunks)).toEqual(want);
    }
  });

  it('keeps a line without its end until the end arrives', () => {
    expect(split(['ab', 'c'])).toEqual([]);
    expect(split(['ab', 'c\nd'])).toEqual(['abc']);
  });
});
