import { interactionsFromRecords, readMovieLens, type Dataset } from '@twotower/data';
import { writeMovieLensFixture } from '@twotower/data/test';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inferFeatures } from './infer-features';

const log = interactionsFromRecords([
  { user: 'u1', item: 'p1', timestamp: 10 },
  { user: 'u2', item: 'p2', timestamp: 20 },
]);

describe('inferFeatures', () => {
  it("gives MovieLens's towers from MovieLens's catalogue (the trainer's default features)", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tt-infer-')), 'ml');
    await writeMovieLensFixture(dir, '100k');
    const ml = await readMovieLens(dir);
    const f = inferFeatures(ml, { hasTimestamps: true }, { embeddingDim: 32, timestampBins: 1000, maxTitleTokens: 10_000 });
    expect(f.query).toEqual(movieLensQuerySpecs());
    expect(f.candidate.slice(0, 2)).toEqual(movieLensCandidateSpecs());
    expect(f.candidate[2]).toMatchObject({ name: 'genres', kind: 'text', source: 'genres', maxTokens: 1000, standardize: 'none' });
    expect(f.skipped).toEqual([]);
    // the config switches: no time, no title text, no genres
    const bare = inferFeatures(ml, { hasTimestamps: true }, { timestamp: false, titleText: false, genres: false });
    expect([...bare.query, ...bare.candidate].map((s) => s.name)).toEqual(['user_id', 'title_id']);
    // MovieLens's user table as user features when asked
    const users = inferFeatures(ml, { hasTimestamps: true }, { userTable: true });
    expect(users.query.slice(0, movieLensQuerySpecs().length)).toEqual(movieLensQuerySpecs());
    expect(users.query.slice(movieLensQuerySpecs().length).map((s) => s.source)).toEqual(['user.age', 'user.age', 'user.gender', 'user.zip_prefix']);
    // (the fixture's users share one occupation: a column that cannot tell users apart)
    expect(users.skipped).toEqual(['user column occupation: one value']);
  });

  it('a log of two columns: the two ids alone', () => {
    const ds = { name: 'pairs', interactions: log, reports: [] } as Dataset;
    const f = inferFeatures(ds, { hasTimestamps: false });
    expect([...f.query, ...f.candidate].map((s) => s.name)).toEqual(['user_id', 'title_id']);
  });

  it("a shop's catalogue and customers: features from their columns by kind, one-value columns left out", () => {
    const ds: Dataset = {
      name: 'shop',
      interactions: log,
      reports: [],
      items: {
        titles: ['Red Widget', 'Blue Gadget'],
        titleColumn: 'name',
        genreNames: ['tools', 'toys'],
        genres: [[0], [1]],
        genreColumn: 'category',
        attributes: [
          { name: 'price', kind: 'number', values: [9.5, 120], reason: '' },
          { name: 'colour', kind: 'category', values: ['red', 'red'], reason: '' },
        ],
      },
      userAttributes: [{ name: 'country', kind: 'category', values: ['FR', 'DE'], reason: '' }],
    };
    const f = inferFeatures(ds, { hasTimestamps: true }, { embeddingDim: 8 });
    expect(f.query.map((s) => `${s.name}<-${s.source}`)).toEqual(['user_id<-user', 'timestamp_bucket<-timestamp', 'timestamp<-timestamp', 'user_country<-user.country']);
    expect(f.candidate.map((s) => `${s.name}<-${s.source}`)).toEqual(['title_id<-item', 'name_text<-title', 'category<-genres', 'price_bucket<-item.price', 'price<-item.price']);
    expect(f.skipped).toEqual(['item column colour: one value']);
    expect(inferFeatures(ds, { hasTimestamps: true }, { attributes: false }).candidate.map((s) => s.name)).toEqual(['title_id', 'name_text', 'category']);
  });
});
