import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toRecords } from './interactions';
import { readInteractionsCsv } from './interactions-csv';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'twotower-csv-'));
function file(name: string, text: string): string {
  const f = path.join(tmp, name);
  writeFileSync(f, text);
  return f;
}

describe('readInteractionsCsv', () => {
  it('reads named columns in any order, with ISO and numeric timestamps', async () => {
    const f = file('events.csv', 'ts,sku,score,customer\n2024-01-01T00:00:00Z,A-1,5,c1\n1704067260,"B,2",3.5,c2\n');
    const ds = await readInteractionsCsv(f, { columns: { user: 'customer', item: 'sku', rating: 'score', timestamp: 'ts' } });
    expect(ds.name).toBe('events');
    expect(toRecords(ds.interactions)).toEqual([
      { user: 'c1', item: 'A-1', rating: 5, timestamp: 1704067200 },
      { user: 'c2', item: 'B,2', rating: 3.5, timestamp: 1704067260 },
    ]);
    expect(ds.reports[0]).toMatchObject({ rows: 2, accepted: 2, bad: 0 });
  });

  it('reads implicit feedback without rating or timestamp columns (NaN)', async () => {
    const f = file('implicit.tsv', 'user\titem\nu1\ti1\nu2\ti1\n');
    const ds = await readInteractionsCsv(f, { columns: { user: 'user', item: 'item' } });
    expect(ds.interactions.length).toBe(2);
    expect(ds.interactions.ratings[0]).toBeNaN();
    expect(ds.interactions.timestamps[1]).toBeNaN();
  });

  it('takes positions when there is no header, and millisecond timestamps', async () => {
    const f = file('nohead.csv', 'u1;i1;1700000000000\nu2;i2;1700000001000\n');
    const ds = await readInteractionsCsv(f, { header: false, delimiter: ';', columns: { user: 0, item: 1, timestamp: 2 }, timestampFormat: 'milliseconds' });
    expect(Array.from(ds.interactions.timestamps)).toEqual([1700000000, 1700000001]);
  });

  it('counts bad rows by reason and keeps examples with line numbers', async () => {
    const f = file('bad.csv', 'u,i,r,t\nu1,i1,4,100\n,i2,4,100\nu3,,4,100\nu4,i4,x,100\nu5,i5,4,yesterday-ish\nu6,i6\nu7,i7,2,200\n');
    const ds = await readInteractionsCsv(f, { columns: { user: 'u', item: 'i', rating: 'r', timestamp: 't' } });
    const rep = ds.reports[0]!;
    expect(ds.interactions.length).toBe(2);
    expect(rep).toMatchObject({ rows: 7, accepted: 2, bad: 5 });
    expect(rep.badByReason).toEqual({ 'empty user id': 1, 'empty item id': 1, 'rating is not a number': 1, 'bad timestamp': 1, 'missing field': 1 });
    expect(rep.examples.map((e) => e.line)).toEqual([3, 4, 5, 6, 7]);
    expect(rep.examples[4]!.reason).toMatch(/rating column \(position 2\) is missing/);
  });

  it('names a column the header lacks, and listed the ones it has', async () => {
    const f = file('cols.csv', 'a,b\n1,2\n');
    await expect(readInteractionsCsv(f, { columns: { user: 'a', item: 'sku' } })).rejects.toThrow(/no column "sku" for columns\.item \(columns: a, b\)/);
    await expect(readInteractionsCsv(f, { header: false, columns: { user: 'a', item: 1 } })).rejects.toMatchObject({ code: 'BAD_OPTION', field: 'columns.user' });
    await expect(readInteractionsCsv(f, { columns: { user: 'a', item: 'b' }, timestampFormat: 'days' as never })).rejects.toMatchObject({ field: 'timestampFormat' });
  });
});

describe('readInteractionsCsv with an items file', () => {
  it('reads titles and genres first, so catalogue order fixes item indices', async () => {
    const items = file('items.tsv', 'sku\tname\ttags\nB\tBlue Shirt\tclothes;blue\nA\t"Apple, red"\tfood\nC\tCable\t\n');
    const log = file('buys.csv', 'u,sku\nu1,A\nu2,Z\nu1,B\n');
    const ds = await readInteractionsCsv(log, {
      columns: { user: 'u', item: 'sku' },
      items: { file: items, columns: { item: 'sku', title: 'name', genres: 'tags' }, genreSeparator: ';' },
    });
    expect(ds.interactions.itemIds).toEqual(['B', 'A', 'C', 'Z']);
    expect(ds.items!.titles).toEqual(['Blue Shirt', 'Apple, red', 'Cable', '']);
    expect(ds.items!.genreNames).toEqual(['blue', 'clothes', 'food']);
    expect(ds.items!.genres).toEqual([[0, 1], [2], [], []]);
    expect(ds.reports.map((r) => path.basename(r.file))).toEqual(['items.tsv', 'buys.csv']);
    expect(ds.reports[1]!.notes).toEqual(['1 item ids in the log have no catalogue entry (empty title, no genres)']);
  });

  it('names a missing items column', async () => {
    const items = file('items2.csv', 'id,title\n1,x\n');
    const log = file('log2.csv', 'u,i\na,1\n');
    await expect(readInteractionsCsv(log, { columns: { user: 'u', item: 'i' }, items: { file: items, columns: { item: 'sku' } } })).rejects.toMatchObject({
      code: 'MISSING_COLUMN',
      field: 'items.columns.item',
    });
  });
});
