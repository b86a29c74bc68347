import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readAttributeTable } from './attribute-table';
import { catalogueFromTable, catalogueRoles } from './catalogue-table';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tt-table-'));
function file(name: string, text: string): string {
  const f = path.join(tmp, name);
  writeFileSync(f, text);
  return f;
}

describe('readAttributeTable', () => {
  it('reads a catalogue CSV: the id column by name, each other column with its kind', async () => {
    const f = file('products.csv', 'name,product_id,category,price\n"Red Widget, large",p1,tools,9.5\nBlue Gadget,p2,toys,\nGreen Gizmo,p3,tools,12\n,,tools,1\nAgain,p1,toys,3\n');
    const t = await readAttributeTable(f, { idNames: ['product', 'id', 'productid'] });
    expect(t).toMatchObject({ format: 'csv', delimiter: ',', idColumn: 'product_id', ids: ['p1', 'p2', 'p3'] });
    expect(t.columns.map((c) => [c.name, c.kind])).toEqual([
      ['name', 'text'],
      ['category', 'category'],
      ['price', 'number'],
    ]);
    expect(t.columns[2]!.values).toEqual([9.5, null, 12]);
    expect(t.report).toMatchObject({ rows: 5, accepted: 3, bad: 2, badByReason: { 'empty id': 1, 'repeated id': 1 } });
    expect(t.report.examples.map((e) => e.line)).toEqual([5, 6]);
  });

  it('reads JSON Lines: arrays are labels, keys met late are missing before', async () => {
    const f = file('items.jsonl', '{"id":1,"tags":["a","b"]}\n{"id":2,"tags":["c"],"price":3}\nnot json\n');
    const t = await readAttributeTable(f);
    expect(t).toMatchObject({ format: 'jsonl', idColumn: 'id', ids: ['1', '2'] });
    expect(t.columns).toEqual([
      { name: 'tags', kind: 'categories', values: ['a|b', 'c'], reason: '1 to 2 labels separated by |' },
      { name: 'price', kind: 'number', values: [null, 3], reason: 'numbers 3..3' },
    ]);
    expect(t.report.badByReason).toEqual({ 'invalid JSON': 1 });
  });

  it('makes an item catalogue over the log\'s ids: titles, genres, the rest as attributes', async () => {
    const f = file('films.tsv', 'item\ttitle\tgenres\tyear\nf1\tToy Story (1995)\tAnimation|Comedy\t1995\nf2\tHeat (1995)\tAction\t1995\n');
    const t = await readAttributeTable(f);
    expect(t.delimiter).toBe('\t');
    expect(catalogueRoles(t)).toMatchObject({ title: { name: 'title' }, genres: { name: 'genres' } });
    const c = catalogueFromTable(t, ['f1', 'f2', 'only-in-log']);
    expect(c).toEqual({
      titles: ['Toy Story (1995)', 'Heat (1995)', ''],
      genreNames: ['Action', 'Animation', 'Comedy'],
      genres: [[1, 2], [0], []],
      titleColumn: 'title',
      genreColumn: 'genres',
      attributes: [{ name: 'year', kind: 'number', values: [1995, 1995, null], reason: 'numbers 1995..1995' }],
    });
  });
});
