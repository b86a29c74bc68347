import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forEachDelimitedRow } from './delimited';

const dir = mkdtempSync(path.join(os.tmpdir(), 'twotower-delim-'));

async function collect(text: string, quotes = true, header = true): Promise<{ header?: string[]; rows: [string[], number][] }> {
  const file = path.join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, text);
  const out: { header?: string[]; rows: [string[], number][] } = { rows: [] };
  await forEachDelimitedRow(
    file,
    { delimiter: ',', quotes, encoding: 'utf8', header },
    (f, line) => out.rows.push([f, line]),
    (h) => (out.header = h),
  );
  return out;
}

describe('forEachDelimitedRow', () => {
  it('hands the header over separately and skips blank lines, keeping line numbers', async () => {
    const r = await collect('a,b\n\n1,2\n   \n3,4\n');
    expect(r.header).toEqual(['a', 'b']);
    expect(r.rows).toEqual([
      [['1', '2'], 3],
      [['3', '4'], 5],
    ]);
  });

  it('joins a quoted field spanning lines into one row numbered by its first line', async () => {
    const r = await collect('id,title\n1,"two\nlines"\n2,x\n');
    expect(r.rows).toEqual([
      [['1', 'two\nlines'], 2],
      [['2', 'x'], 4],
    ]);
  });

  it('gives up on an unbalanced quote after 100 lines instead of swallowing the file', async () => {
    const body = Array.from({ length: 300 }, (_, i) => `${i},ok`).join('\n');
    const r = await collect(`id,t\n1,"broken\n${body}\n`);
    // The broken row becomes one (bad) row holding 100 lines; the rest are read normally.
    expect(r.rows[0]![0]).toHaveLength(1);
    expect(r.rows[0]![1]).toBe(2);
    expect(r.rows.length).toBe(1 + 300 - 99);
  });

  it('treats quotes as ordinary characters when quotes is false', async () => {
    const r = await collect('1,"a\n', false, false);
    expect(r.rows).toEqual([[['1', '"a'], 1]]);
  });
});
