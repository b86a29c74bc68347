import { existsSync } from 'node:fs';
import path from 'node:path';
import { interactionsFromRecords } from './interactions-builder';
import { readMovieLens100k } from './movielens-100k';
import { randomSplit } from './split-random';

const ML100K_DIR = process.env.ML100K_DIR ?? path.resolve(__dirname, '../../../../shared/data/ml-100k');
const log = interactionsFromRecords(Array.from({ length: 10 }, (_, i) => ({ user: `u${i % 3}`, item: `i${i}`, rating: i, timestamp: i })));

describe('randomSplit', () => {
  it('takes the first trainSize rows of the seeded permutation for training, the rest for test', () => {
    const s = randomSplit(log, { seed: 42 });
    // permutation(10, 42) = [0, 7, 3, 5, 2, 1, 8, 9, 4, 6]
    expect(Array.from(s.trainRows)).toEqual([0, 7, 3, 5, 2, 1, 8, 9]);
    expect(Array.from(s.testRows)).toEqual([4, 6]);
    expect(Array.from(s.test.ratings)).toEqual([4, 6]);
    expect(s.train.userIds).toBe(log.userIds);
  });

  it('honours trainFraction, trainSize and testSize', () => {
    expect(randomSplit(log, { trainFraction: 0.5 }).train.length).toBe(5);
    const s = randomSplit(log, { trainSize: 3, testSize: 2 });
    expect([s.train.length, s.test.length]).toEqual([3, 2]);
    expect(randomSplit(log, { trainFraction: 0.01 }).train.length).toBe(1);
    expect(randomSplit(log, { trainFraction: 0.999 }).test.length).toBe(1);
  });

  it('names the bad option', () => {
    expect(() => randomSplit(log, { trainFraction: 1 })).toThrow(/trainFraction must be a number strictly between 0 and 1/);
    expect(() => randomSplit(log, { trainSize: 10 })).toThrow(/trainSize must be an integer in \[1, 9\]/);
    expect(() => randomSplit(log, { trainSize: 5, testSize: 6 })).toThrow(/testSize/);
    expect(() => randomSplit(log, { seed: -1 })).toThrow(/seed/);
    expect(() => randomSplit(interactionsFromRecords([{ user: 1, item: 1 }]))).toThrow(/at least 2 rows/);
  });
});

(existsSync(path.join(ML100K_DIR, 'u.data')) ? describe : describe.skip)('randomSplit on ML-100K (seed protocol)', () => {
  it('splits 100,000 ratings into 80,000 / 20,000 disjoint rows', async () => {
    const ds = await readMovieLens100k(ML100K_DIR, { readItems: false, readUsers: false });
    const s = randomSplit(ds.interactions, { seed: 42 });
    expect([s.train.length, s.test.length]).toEqual([80_000, 20_000]);
    const seen = new Uint8Array(100_000);
    for (const r of s.trainRows) seen[r]!++;
    for (const r of s.testRows) seen[r]!++;
    expect(seen.every((c) => c === 1)).toBe(true);
  });
});
