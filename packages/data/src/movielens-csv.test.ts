import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toRecords } from './interactions';
import { readMovieLensCsv } from './movielens-csv';
import { syntheticDataset } from './synthetic';
import { writeMovieLensFixture } from './test';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'twotower-mlcsv-'));

describe('readMovieLensCsv', () => {
  it('round-trips a fixture in the CSV layout', async () => {
    const syn = syntheticDataset({ numUsers: 10, numItems: 8, numInteractions: 40, seed: 9 });
    const dir = await writeMovieLensFixture(path.join(tmp, 'ml-latest-small'), 'csv', { dataset: syn });
    const ds = await readMovieLensCsv(dir);
    // No user table in this layout: users are interned in order of appearance, so compare raw ids.
    expect(toRecords(ds.interactions)).toEqual(toRecords(syn.interactions));
    expect(ds.interactions.itemIds).toEqual(syn.interactions.itemIds);
    expect(ds.items!.titles).toEqual(syn.items.titles);
    expect(ds.users).toBeUndefined();
  });

  it('handles quoted titles, half-star ratings, no-genre items and reordered columns', async () => {
    const dir = path.join(tmp, 'quoted');
    await writeMovieLensFixture(dir, 'csv');
    writeFileSync(
      path.join(dir, 'movies.csv'),
      'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n11,"American President, The (1995)",Comedy|Drama|Romance\n99,"Say ""Cheese"" (2001)",(no genres listed)\n',
    );
    writeFileSync(path.join(dir, 'ratings.csv'), 'timestamp,rating,movieId,userId\n964982703,4.5,1,1\n964981247,0.5,11,1\n964982224,x,99,2\n964982224,3.0,99,2\n');
    const ds = await readMovieLensCsv(dir);
    const log = ds.interactions;
    expect(log.length).toBe(3);
    expect(Array.from(log.ratings)).toEqual([4.5, 0.5, 3]);
    expect(log.itemIds).toEqual(['1', '11', '99']);
    expect(ds.items!.titles).toEqual(['Toy Story (1995)', 'American President, The (1995)', 'Say "Cheese" (2001)']);
    expect(ds.items!.genres[2]).toEqual([]);
    expect(ds.items!.genreNames).toEqual(['Adventure', 'Animation', 'Comedy', 'Drama', 'Romance']);
    expect(ds.reports.at(-1)!.examples[0]).toMatchObject({ line: 4, reason: 'rating "x" is not a number' });
  });

  it('names the missing column of an unexpected header', async () => {
    const dir = path.join(tmp, 'badheader');
    await writeMovieLensFixture(dir, 'csv');
    writeFileSync(path.join(dir, 'ratings.csv'), 'user,movie,rating,timestamp\n1,1,4,5\n');
    await expect(readMovieLensCsv(dir)).rejects.toMatchObject({ code: 'MISSING_COLUMN', field: 'userId', line: 1 });
  });
});
