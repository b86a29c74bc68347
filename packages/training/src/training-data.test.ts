import { interactionsFromRecords, syntheticDataset } from '@twotower/data';
import { refitData, rowColumns, trainingData, withoutValidation, type TrainingData } from './training-data';

const log = syntheticDataset({ numUsers: 30, numItems: 20, numInteractions: 300, seed: 3 }).interactions;

/** Each user's items in a CSR, as sorted lists. */
function csrLists(csr: TrainingData['seenTrain'], users: number): number[][] {
  return Array.from({ length: users }, (_, u) => Array.from(csr.items.subarray(csr.offsets[u]!, csr.offsets[u + 1]!)).sort((a, b) => a - b));
}
/** Each user's items among `rows`, as sorted lists. */
function itemsOf(rows: Int32Array, users: number): number[][] {
  const out = Array.from({ length: users }, () => [] as number[]);
  for (const r of rows) out[log.users[r]!]!.push(log.items[r]!);
  return out.map((l) => l.sort((a, b) => a - b));
}
const sorted = (a: Int32Array) => Array.from(a).sort((x, y) => x - y);

describe('trainingData', () => {
  it('splits 80/20, carves validation rows out of the training rows, never out of the test rows', () => {
    const d = trainingData(log, { validationFraction: 0.1 });
    expect(d.numUsers).toBe(30);
    expect(d.numItems).toBe(20);
    expect(d.trainRows.length).toBe(240);
    expect(d.testRows.length).toBe(60);
    expect(d.validationRows.length).toBe(24);
    expect(d.fitRows.length).toBe(216);
    const test = new Set(d.testRows);
    const fit = new Set(d.fitRows);
    expect(d.validationRows.every((r) => !fit.has(r) && !test.has(r))).toBe(true);
    expect(sorted(Int32Array.from([...d.fitRows, ...d.validationRows]))).toEqual(sorted(d.trainRows));
    expect(sorted(Int32Array.from([...d.trainRows, ...d.testRows]))).toEqual(Array.from({ length: 300 }, (_, i) => i));
    // at least one validation row, however small the fraction
    expect(trainingData(log, { validationFraction: 1e-6 }).validationRows.length).toBe(1);
  });

  it('without validation every training row is a fit row, sharing the derived tables', () => {
    const d = trainingData(log, { trainFraction: 0.5 });
    expect(d.trainRows.length).toBe(150);
    expect(d.fitRows).toBe(d.trainRows);
    expect(d.validationRows.length).toBe(0);
    expect(d.seenFit).toBe(d.seenTrain);
    expect(Array.from(d.fitPopularity)).toEqual(Array.from(d.popularity));
  });

  it('counts seen items and popularity on the right rows', () => {
    const d = trainingData(log, { validationFraction: 0.2 });
    expect(csrLists(d.seenTrain, 30)).toEqual(itemsOf(d.trainRows, 30));
    expect(csrLists(d.seenFit, 30)).toEqual(itemsOf(d.fitRows, 30));
    const count = (rows: Int32Array) => Array.from({ length: 20 }, (_, i) => rows.filter((r) => log.items[r] === i).length);
    expect(Array.from(d.popularity)).toEqual(count(d.trainRows));
    expect(Array.from(d.fitPopularity)).toEqual(count(d.fitRows));
    expect(d.popularity.reduce((a, b) => a + b)).toBe(d.trainRows.length);
    // withoutValidation: the same split, every training row fits
    const all = withoutValidation(d);
    expect(all.trainRows).toBe(d.trainRows);
    expect(all.fitRows).toBe(d.trainRows);
    expect(all.validationRows.length).toBe(0);
    expect(all.seenFit).toBe(d.seenTrain);
    expect(all.fitPopularity).toBe(d.popularity);
    expect(d.fitRows.length).toBe(192); // the original is untouched
  });

  it('refitData keeps a seeded share of the validation rows held out and fits on every other training row', () => {
    const d = trainingData(log, { validationFraction: 0.2 });
    const r = refitData(d, 0.25);
    expect(r.validationRows.length).toBe(Math.round(d.validationRows.length * 0.25));
    const val = new Set(d.validationRows);
    expect(Array.from(r.validationRows).every((x) => val.has(x))).toBe(true);
    // fit + kept validation = the training rows, disjoint
    expect([...r.fitRows, ...r.validationRows].sort((a, b) => a - b)).toEqual(Array.from(d.trainRows).sort((a, b) => a - b));
    const kept = new Set(r.validationRows);
    expect(Array.from(r.fitRows).some((x) => kept.has(x))).toBe(false);
    expect(csrLists(r.seenFit, 30)).toEqual(itemsOf(r.fitRows, 30));
    expect(r.fitPopularity.reduce((a, b) => a + b)).toBe(r.fitRows.length);
    expect(r.testRows).toBe(d.testRows);
    expect(Array.from(refitData(d, 0.25).validationRows)).toEqual(Array.from(r.validationRows));
    expect(refitData(d, 0).fitRows).toBe(d.trainRows);
    expect(() => refitData(d, 1)).toThrow(/refitData: holdOut must be in \[0, 1\), got 1/);
  });

  it('fills missing timestamps with the mean of the known ones; latest training time per user', () => {
    const records = [
      { user: 'a', item: 'x', timestamp: 100 },
      { user: 'a', item: 'y', timestamp: NaN },
      { user: 'b', item: 'x', timestamp: 300 },
      { user: 'b', item: 'z', timestamp: 500 },
      { user: 'c', item: 'y' },
    ];
    const small = interactionsFromRecords(records);
    const d = trainingData(small, { trainFraction: 0.8 }); // 4 train rows, 1 test row
    expect(d.hasTimestamps).toBe(true);
    expect(Array.from(d.timestamps)).toEqual([100, 300, 300, 500, 300]);
    expect(d.rowUserIds).toEqual(['a', 'a', 'b', 'b', 'c']);
    // each user's latest timestamp among the training rows; a user with none gets the mean (300)
    const expected = [0, 1, 2].map((u) => {
      const ts = Array.from(d.trainRows).filter((r) => small.users[r] === u).map((r) => d.timestamps[r]!);
      return ts.length ? Math.max(...ts) : 300;
    });
    expect(Array.from(d.lastTimestamp)).toEqual(expected);
    const none = trainingData(interactionsFromRecords(records.map(({ user, item }) => ({ user, item }))));
    expect(none.hasTimestamps).toBe(false);
    expect(Array.from(none.timestamps)).toEqual([0, 0, 0, 0, 0]);
  });

  it('is deterministic under its seed, and another seed splits otherwise', () => {
    const a = trainingData(log, { seed: 7, validationFraction: 0.1 });
    const b = trainingData(log, { seed: 7, validationFraction: 0.1 });
    expect(Array.from(b.testRows)).toEqual(Array.from(a.testRows));
    expect(Array.from(b.validationRows)).toEqual(Array.from(a.validationRows));
    expect(Array.from(trainingData(log, { seed: 8, validationFraction: 0.1 }).testRows)).not.toEqual(Array.from(a.testRows));
  });

  it('says whether the training rows have ratings, and scales a weight column to a mean of 1', () => {
    expect(trainingData(log).hasRatings).toBe(true);
    expect(trainingData(log).weights).toBeUndefined();
    const clicks = interactionsFromRecords([{ user: 'a', item: 'x' }, { user: 'b', item: 'y' }]);
    expect(trainingData(clicks, { trainFraction: 0.5 }).hasRatings).toBe(false);
    const weighted = { ...clicks, weights: Float32Array.from([Math.E - 1, Math.E ** 2 - 1]) };
    const d = trainingData(weighted, { trainFraction: 0.5 });
    expect(d.weights![d.trainRows[0]!]).toBeCloseTo(1, 6); // the mean over the training rows
    expect(d.weights![0]! / d.weights![1]!).toBeCloseTo(1 / 2, 6); // log(1 + w)
    const linear = trainingData(weighted, { trainFraction: 0.5, weighting: 'linear' }).weights!;
    expect(linear[0]! / linear[1]!).toBeCloseTo((Math.E - 1) / (Math.E ** 2 - 1), 6);
    expect(trainingData(weighted, { weighting: 'none' }).weights).toBeUndefined();
    const zero = { ...clicks, weights: new Float32Array(2) };
    expect(() => trainingData(zero, { trainFraction: 0.5 })).toThrow('trainingData: every training row has weight 0');
  });

  it('rowColumns gives the user and item index of each row', () => {
    const d = trainingData(log);
    const rows = d.testRows.subarray(0, 5);
    const c = rowColumns(d, rows);
    expect(Array.from(c.user)).toEqual(Array.from(rows, (r) => log.users[r]!));
    expect(Array.from(c.item)).toEqual(Array.from(rows, (r) => log.items[r]!));
  });

  it('draws another validation sample from the same training rows under validationSeed (default seed + 1)', () => {
    const a = trainingData(log, { seed: 7, validationFraction: 0.25 });
    expect(Array.from(trainingData(log, { seed: 7, validationFraction: 0.25, validationSeed: 8 }).validationRows)).toEqual(Array.from(a.validationRows));
    const b = trainingData(log, { seed: 7, validationFraction: 0.25, validationSeed: 100 });
    expect(Array.from(b.testRows)).toEqual(Array.from(a.testRows));
    expect(Array.from(b.validationRows)).not.toEqual(Array.from(a.validationRows));
    expect(b.validationRows.length).toBe(a.validationRows.length);
    const sorted = (x: Int32Array) => Array.from(x).sort((p, q) => p - q);
    expect(sorted(Int32Array.from([...b.fitRows, ...b.validationRows]))).toEqual(sorted(a.trainRows));
    expect(() => trainingData(log, { validationFraction: 0.1, validationSeed: -1 })).toThrow('trainingData: validationSeed must be a non-negative integer, got -1');
  });

  it('refuses bad fractions with a clear message', () => {
    expect(() => trainingData(log, { validationFraction: 1 })).toThrow('trainingData: validationFraction must be in [0, 1), got 1');
    expect(() => trainingData(log, { validationFraction: -0.1 })).toThrow('got -0.1');
    expect(() => trainingData(log, { trainFraction: 1.5 })).toThrow(/trainFraction/);
    expect(() => trainingData(interactionsFromRecords([{ user: 'a', item: 'x' }]))).toThrow(/at least 2 rows/);
  });
});
