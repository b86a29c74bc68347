import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataError } from './errors';
import { parseNumber, readLineChunks, splitCsvLine } from './line-reader';

const dir = mkdtempSync(path.join(os.tmpdir(), 'twotower-lines-'));

async function lines(file: string, chunkBytes: number, encoding: 'utf8' | 'latin1' = 'utf8'): Promise<{ first: number[]; all: string[] }> {
  const first: number[] = [];
  const all: string[] = [];
  for await (const c of readLineChunks(file, { chunkBytes, encoding })) {
    first.push(c.firstLine);
    all.push(...c.lines);
  }
  return { first, all };
}

describe('readLineChunks', () => {
  it('splits LF and CRLF lines across tiny chunks, numbering from 1, dropping a BOM', async () => {
    const file = path.join(dir, 'a.txt');
    writeFileSync(file, '\ufeffalpha\r\nbeta\n\ngamma\r\ndelta');
    for (const size of [1, 2, 3, 7, 64, 1 << 20]) {
      const { first, all } = await lines(file, size);
      expect(all).toEqual(['alpha', 'beta', '', 'gamma', 'delta']);
      expect(first[0]).toBe(1);
    }
  });

  it('keeps a UTF-8 character split across chunk boundaries intact', async () => {
    const file = path.join(dir, 'utf8.txt');
    writeFileSync(file, 'Amélie|Léon\nCrème brûlée\n');
    for (const size of [1, 2, 3, 5]) expect((await lines(file, size)).all).toEqual(['Amélie|Léon', 'Crème brûlée']);
  });

  it('decodes Latin-1 (MovieLens 100K titles)', async () => {
    const file = path.join(dir, 'latin1.txt');
    writeFileSync(file, Buffer.from('Misérables, Les (1995)\n', 'latin1'));
    expect((await lines(file, 4, 'latin1')).all).toEqual(['Misérables, Les (1995)']);
  });

  it('yields nothing for an empty file and fails clearly for a missing one', async () => {
    const file = path.join(dir, 'empty.txt');
    writeFileSync(file, '');
    expect((await lines(file, 16)).all).toEqual([]);
    await expect(lines(path.join(dir, 'missing.txt'), 16)).rejects.toThrow(DataError);
    await expect(lines(path.join(dir, 'missing.txt'), 16)).rejects.toThrow(/missing\.txt does not exist/);
  });

  it('numbers chunks consecutively', async () => {
    const file = path.join(dir, 'many.txt');
    writeFileSync(file, Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    let expected = 1;
    for await (const c of readLineChunks(file, { chunkBytes: 100 })) {
      expect(c.firstLine).toBe(expected);
      expect(c.lines[0]).toBe(`line ${expected}`);
      expected += c.lines.length;
    }
    expect(expected).toBe(1001);
  });
});

describe('splitCsvLine', () => {
  it('splits plain and quoted fields', () => {
    expect(splitCsvLine('1,Toy Story (1995),Comedy', ',')).toEqual(['1', 'Toy Story (1995)', 'Comedy']);
    expect(splitCsvLine('11,"American President, The (1995)",Comedy|Drama', ',')).toEqual(['11', 'American President, The (1995)', 'Comedy|Drama']);
    expect(splitCsvLine('1,"say ""hi""",x', ',')).toEqual(['1', 'say "hi"', 'x']);
    expect(splitCsvLine('a,,', ',')).toEqual(['a', '', '']);
    expect(splitCsvLine('a::b::c', '::')).toEqual(['a', 'b', 'c']);
    expect(splitCsvLine('"a::b"::c', '::')).toEqual(['a::b', 'c']);
  });

  it('returns null while a quoted field is open', () => {
    expect(splitCsvLine('1,"open', ',')).toBeNull();
  });
});

describe('parseNumber', () => {
  it('treats blanks as NaN rather than 0', () => {
    expect(parseNumber(' 4.5 ')).toBe(4.5);
    expect(parseNumber('')).toBeNaN();
    expect(parseNumber('  ')).toBeNaN();
    expect(parseNumber(undefined)).toBeNaN();
    expect(parseNumber('x')).toBeNaN();
  });
});
