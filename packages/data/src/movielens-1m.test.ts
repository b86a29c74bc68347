import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readMovieLens1m } from './movielens-1m';
import { syntheticDataset } from './synthetic';
import { writeMovieLensFixture } from './test';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'twotower-ml1m-'));

describe('readMovieLens1m', () => {
  it('round-trips a fixture in the :: layout', async () => {
    const syn = syntheticDataset({ numUsers: 10, numItems: 8, numInteractions: 40, seed: 5 });
    const dir = await writeMovieLensFixture(path.join(tmp, 'ml-1m'), 'dat', { dataset: syn });
    const ds = await readMovieLens1m(dir);
    expect(ds.name).toBe('ml-1m');
    expect(ds.interactions.users).toEqual(syn.interactions.users);
    expect(ds.interactions.items).toEqual(syn.interactions.items);
    expect(ds.interactions.ratings).toEqual(syn.interactions.ratings);
    expect(ds.items!.titles).toEqual(syn.items.titles);
    // Genre names are sorted; compare by name.
    const names = (g: readonly number[], n: readonly string[]): string[] => g.map((k) => n[k]!).sort();
    for (let j = 0; j < 8; j++) expect(names(ds.items!.genres[j]!, ds.items!.genreNames)).toEqual(names(syn.items.genres[j]!, syn.items.genreNames));
    expect([...ds.items!.genreNames]).toEqual([...ds.items!.genreNames].sort());
    expect(ds.users!.occupations[3]).toBe('3');
    expect(ds.users!.ages[0]).toBe(25);
  });

  it('reads Latin-1 titles and pipe-separated genres as ML-1M writes them', async () => {
    const dir = path.join(tmp, 'latin');
    await writeMovieLensFixture(dir, 'dat');
    writeFileSync(path.join(dir, 'movies.dat'), Buffer.from("1::Toy Story (1995)::Animation|Children's|Comedy\n2::Misérables, Les (1995)::Drama\n", 'latin1'));
    writeFileSync(path.join(dir, 'ratings.dat'), '1::1::5::978300760\n1::2::3::978302109\n1::3\n');
    const ds = await readMovieLens1m(dir);
    expect(ds.items!.titles.slice(0, 2)).toEqual(['Toy Story (1995)', 'Misérables, Les (1995)']);
    expect(ds.items!.genreNames).toEqual(['Animation', "Children's", 'Comedy', 'Drama']);
    expect(ds.items!.genres[0]).toEqual([0, 1, 2]);
    expect(ds.reports.at(-1)).toMatchObject({ rows: 3, accepted: 2, bad: 1 });
  });
});
