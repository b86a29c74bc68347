import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toRecords } from './interactions';
import { readInteractionsJsonl } from './interactions-jsonl';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'twotower-jsonl-'));

describe('readInteractionsJsonl', () => {
  it('reads objects with string or number ids, numeric-string ratings and ISO times', async () => {
    const f = path.join(tmp, 'log.jsonl');
    writeFileSync(
      f,
      [
        '{"uid": 1, "iid": "a", "stars": 5, "at": "2024-01-01T00:00:00Z"}',
        '',
        '{"uid": "u2", "iid": 7, "stars": "3", "at": 1704067260}',
      ].join('\n'),
    );
    const ds = await readInteractionsJsonl(f, { columns: { user: 'uid', item: 'iid', rating: 'stars', timestamp: 'at' } });
    expect(toRecords(ds.interactions)).toEqual([
      { user: '1', item: 'a', rating: 5, timestamp: 1704067200 },
      { user: 'u2', item: '7', rating: 3, timestamp: 1704067260 },
    ]);
  });

  it('counts invalid JSON, non-objects, missing ids and bad values', async () => {
    const f = path.join(tmp, 'bad.jsonl');
    writeFileSync(f, ['{"u":1,"i":2,"r":4}', '{oops', '[1,2]', '{"i":2}', '{"u":1,"i":""}', '{"u":1,"i":2,"r":"high"}', '{"u":1,"i":3,"r":1}'].join('\n'));
    const ds = await readInteractionsJsonl(f, { columns: { user: 'u', item: 'i', rating: 'r' } });
    const rep = ds.reports[0]!;
    expect(ds.interactions.length).toBe(2);
    expect(rep.badByReason).toEqual({ 'invalid JSON': 1, 'not an object': 1, 'missing user id': 1, 'missing item id': 1, 'rating is not a number': 1 });
    expect(rep.examples.find((e) => e.line === 6)!.reason).toBe('key "r" (rating) = "high" is not a number');
    await expect(readInteractionsJsonl(f, { columns: { user: 'u', item: 'i' }, onBadRow: 'throw' })).rejects.toMatchObject({ code: 'BAD_ROW', line: 2 });
  });

  it('rejects positions as JSON keys', async () => {
    const f = path.join(tmp, 'pos.jsonl');
    writeFileSync(f, '{}\n');
    await expect(readInteractionsJsonl(f, { columns: { user: 0, item: 'i' } })).rejects.toMatchObject({ field: 'columns.user' });
  });
});

describe('readInteractionsJsonl with an items file', () => {
  it('attaches the catalogue', async () => {
    const items = path.join(tmp, 'items.csv');
    writeFileSync(items, 'id,title,genres\n7,Seven,Drama|Crime\n');
    const f = path.join(tmp, 'with-items.jsonl');
    writeFileSync(f, '{"u":1,"i":7}\n');
    const ds = await readInteractionsJsonl(f, { columns: { user: 'u', item: 'i' }, items: { file: items, columns: { item: 'id', title: 'title', genres: 'genres' } } });
    expect(ds.items).toEqual({ titles: ['Seven'], genreNames: ['Crime', 'Drama'], genres: [[0, 1]] });
  });
});
