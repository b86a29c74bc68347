import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataError } from './errors';
import { toRecords } from './interactions';
import { readLog } from './read-log';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tt-readlog-'));
function file(name: string, text: string): string {
  const f = path.join(tmp, name);
  writeFileSync(f, text);
  return f;
}

describe('readLog', () => {
  it('reads a click log without ratings: roles by name, ISO times detected and said', async () => {
    const f = file('events.csv', 'customer,product,ts\nc1,p1,2024-05-01T10:00:00Z\nc2,p2,2024-05-01 11:00:00\nc1,,2024-05-02\nc3,p1,yesterday\n');
    const { dataset, plan } = await readLog(f);
    expect(plan).toMatchObject({
      format: 'csv',
      delimiter: ',',
      columns: ['customer', 'product', 'ts'],
      roles: [
        { role: 'user', column: 'customer', how: 'by name' },
        { role: 'item', column: 'product', how: 'by name' },
        { role: 'timestamp', column: 'ts', how: 'by name' },
      ],
      unused: [],
      timestamp: { column: 'ts', format: 'iso', description: 'ISO 8601 (2024-05-01T10:00:00Z)' },
    });
    expect(toRecords(dataset.interactions)).toEqual([
      { user: 'c1', item: 'p1', rating: NaN, timestamp: 1714557600 },
      { user: 'c2', item: 'p2', rating: NaN, timestamp: 1714561200 },
    ]);
    expect(dataset.reports[0]).toMatchObject({ bad: 2, badByReason: { 'empty item id': 1, 'bad timestamp': 1 } });
    expect(dataset.reports[0]!.examples.map((e) => `${f}:${e.line}`)).toEqual([`${f}:4`, `${f}:5`]);
  });

  it('reads a two-column log, and a weight column when named', async () => {
    const two = await readLog(file('pairs.csv', 'a,b\n1,x\n2,y\n'));
    expect(two.plan.roles.map((r) => `${r.role}=${r.column}`)).toEqual(['user=a', 'item=b']);
    expect(two.dataset.interactions.weights).toBeUndefined();
    const w = await readLog(file('plays.tsv', 'user\titem\tplays\nu\ti\t3\nu\tj\t-1\n'), { columns: { weight: 'plays' } });
    expect(Array.from(w.dataset.interactions.weights!)).toEqual([3]);
    expect(w.dataset.reports[0]!.badByReason).toEqual({ 'bad weight': 1 });
  });

  it('joins a catalogue and a user file: their ids first, attributes aligned, gaps noted', async () => {
    const log = file('buys.jsonl', '{"customer":"c1","sku":"s2","ms":1714557600000}\n{"customer":"c9","sku":"s9","ms":1714557601000}\n');
    const items = file('catalogue.csv', 'sku;name;category;price\ns1;Red Widget Deluxe;tools;9,5\ns2;Blue Gadget Mini;toys;3\n');
    const users = file('customers.csv', 'customer_id,country,age\nc1,FR,31\n');
    const { dataset, plan } = await readLog(log, { items, users, columns: { item: 'sku', timestamp: 'ms' } });
    expect(plan.timestamp).toMatchObject({ format: 'milliseconds' });
    expect(plan.items).toMatchObject({ idColumn: 'sku', delimiter: ';', rows: 2, title: 'name', genres: 'category', columns: [{ name: 'price', kind: 'category' }] });
    expect(plan.users).toMatchObject({ idColumn: 'customer_id', columns: [{ name: 'country', kind: 'category' }, { name: 'age', kind: 'number' }] });
    const ds = dataset.interactions;
    expect(ds.itemIds).toEqual(['s1', 's2', 's9']);
    expect(ds.userIds).toEqual(['c1', 'c9']);
    expect(ds.timestamps[0]).toBe(1714557600);
    expect(dataset.items!.titles).toEqual(['Red Widget Deluxe', 'Blue Gadget Mini', '']);
    expect(dataset.userAttributes!.find((c) => c.name === 'age')!.values).toEqual([31, null]);
    expect(dataset.reports.map((r) => r.file)).toEqual([items, users, log]);
    expect(dataset.reports[2]!.notes).toEqual(['1 item ids of the log are not in the catalogue (no title or attributes)', '1 user ids of the log are not in the user file (no attributes)']);
    expect(dataset.reports[0]!.notes).toEqual(['1 catalogue items have no interaction (they can still be recommended, by their features)']);
  });

  it('refuses a file whose first line is data, saying what to add', async () => {
    await expect(readLog(file('u.data', '196\t242\t3\t881250949\n'))).rejects.toThrow(new DataError('BAD_INPUT', `${path.join(tmp, 'u.data')}:1: the first line ("196\\t242\\t3\\t881250949") looks like data, not a header: add a header line naming the columns, e.g. user\titem\ttimestamp.`));
  });
});
