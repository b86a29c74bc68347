import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataError } from './errors';
import { interactionsFromRecords } from './interactions-builder';
import { readMovieLens100k } from './movielens-100k';
import { syntheticDataset } from './synthetic';
import { writeMovieLensFixture } from './test';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'twotower-ml100k-'));
const ML100K_DIR = process.env.ML100K_DIR ?? path.resolve(__dirname, '../../../../shared/data/ml-100k');

describe('readMovieLens100k on a fixture', () => {
  it('round-trips ids, ratings, times, titles, genres and users', async () => {
    const syn = syntheticDataset({ numUsers: 12, numItems: 9, numInteractions: 60, seed: 3 });
    const dir = await writeMovieLensFixture(path.join(tmp, 'rt'), '100k', { dataset: syn });
    const ds = await readMovieLens100k(dir);
    const a = syn.interactions;
    const b = ds.interactions;
    expect(ds.name).toBe('rt');
    expect(b.length).toBe(a.length);
    expect(b.userIds).toEqual(a.userIds);
    expect(b.itemIds).toEqual(a.itemIds);
    expect(b.users).toEqual(a.users);
    expect(b.items).toEqual(a.items);
    expect(b.ratings).toEqual(a.ratings);
    expect(b.timestamps).toEqual(a.timestamps);
    expect(ds.items!.titles).toEqual(syn.items.titles);
    expect(ds.items!.genreNames).toEqual(syn.items.genreNames);
    expect(ds.items!.genres).toEqual(syn.items.genres);
    expect(ds.users!.genders[1]).toBe('F');
    expect(ds.users!.ages[0]).toBe(20);
    expect(ds.reports.map((r) => path.basename(r.file))).toEqual(['u.genre', 'u.item', 'u.user', 'u.data']);
    expect(ds.reports.every((r) => r.bad === 0)).toBe(true);
  });

  it('counts and skips bad rating rows, naming line and field', async () => {
    const dir = path.join(tmp, 'bad');
    await writeMovieLensFixture(dir, '100k', { dataset: { name: 'x', interactions: interactionsFromRecords([{ user: 1, item: 1, rating: 4, timestamp: 5 }]), reports: [] } });
    writeFileSync(path.join(dir, 'u.data'), '1\t1\t4\t5\n1\t2\tfour\t5\n2\t1\t3\n\t1\t3\t9\n2\t1\t3\tlater\n3\t9\t5\t7\n');
    const ds = await readMovieLens100k(dir);
    const rep = ds.reports.at(-1)!;
    expect(ds.interactions.length).toBe(2);
    expect(rep).toMatchObject({ rows: 6, accepted: 2, bad: 4 });
    expect(rep.badByReason).toEqual({
      'rating is not a number': 1,
      'wrong number of fields': 1,
      'empty user id': 1,
      'timestamp is not a number': 1,
    });
    expect(rep.examples[0]).toEqual({ line: 2, reason: 'rating "four" is not a number', text: '1\t2\tfour\t5' });
    // Item "9" has no u.item entry -> noted; user "3" has no u.user entry -> noted.
    expect(rep.notes.join(' ')).toMatch(/1 item ids in the log have no catalogue entry/);
    expect(rep.notes.join(' ')).toMatch(/1 user ids in the log have no user-table entry/);
    expect(ds.items!.titles[ds.interactions.itemIds.indexOf('9')]).toBe('');
    expect(ds.items!.genres[ds.interactions.itemIds.indexOf('9')]).toEqual([]);
    expect(ds.users!.ages[ds.interactions.userIds.indexOf('3')]).toBeNaN();
  });

  it("throws on the first bad row with onBadRow: 'throw'", async () => {
    const dir = path.join(tmp, 'throw');
    await writeMovieLensFixture(dir, '100k');
    writeFileSync(path.join(dir, 'u.data'), '1\t1\t4\t5\n1\t2\t4\n');
    await expect(readMovieLens100k(dir, { onBadRow: 'throw' })).rejects.toMatchObject({ code: 'BAD_ROW', line: 2 });
  });

  it('reads ratings alone when metadata is absent or not wanted', async () => {
    const dir = path.join(tmp, 'only');
    await writeMovieLensFixture(dir, '100k');
    const ds = await readMovieLens100k(dir, { readItems: false, readUsers: false });
    expect(ds.items).toBeUndefined();
    expect(ds.users).toBeUndefined();
    expect(ds.reports).toHaveLength(1);
  });

  it('fails clearly when u.data is missing', async () => {
    const err = await readMovieLens100k(path.join(tmp, 'nowhere')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('FILE_NOT_FOUND');
    expect((err as DataError).message).toMatch(/u\.data does not exist.*downloadMovieLens/);
  });
});

const real = existsSync(path.join(ML100K_DIR, 'u.data'));
(real ? describe : describe.skip)('readMovieLens100k on the real ML-100K', () => {
  it('reads 100,000 ratings of 943 users on 1682 films, with metadata aligned', async () => {
    const ds = await readMovieLens100k(ML100K_DIR);
    const log = ds.interactions;
    expect(log.length).toBe(100_000);
    expect(log.userIds.length).toBe(943);
    expect(log.itemIds.length).toBe(1682);
    expect(log.userIds[0]).toBe('1');
    expect(log.itemIds[1681]).toBe('1682');
    expect(ds.items!.titles[0]).toBe('Toy Story (1995)');
    expect(ds.items!.titles[542]).toBe('Misérables, Les (1995)');
    expect(ds.items!.genreNames).toHaveLength(19);
    expect(ds.items!.genres[0]!.map((g) => ds.items!.genreNames[g])).toEqual(['Animation', "Children's", 'Comedy']);
    expect(ds.users!.occupations[0]).toBe('technician');
    expect(ds.reports.every((r) => r.bad === 0 && r.notes.length === 0)).toBe(true);
    // First row of u.data: 196 242 3 881250949
    expect(log.userIds[log.users[0]!]).toBe('196');
    expect(log.itemIds[log.items[0]!]).toBe('242');
    expect(log.ratings[0]).toBe(3);
    expect(log.timestamps[0]).toBe(881250949);
  });
});
if (!real) {
  console.warn(`ML-100K not found at ${ML100K_DIR}: real-data tests skipped (set ML100K_DIR to run them).`);
}
