import { interactionsFromRecords } from './interactions-builder';
import { leaveLastOut, temporalSplit } from './split-temporal';

const log = interactionsFromRecords([
  { user: 'a', item: 'x', timestamp: 50 },
  { user: 'b', item: 'x', timestamp: 10 },
  { user: 'a', item: 'y', timestamp: 30 },
  { user: 'b', item: 'z', timestamp: 40 },
  { user: 'a', item: 'z', timestamp: 30 },
  { user: 'c', item: 'x', timestamp: 20 },
]);

describe('temporalSplit', () => {
  it('puts the earliest rows in training, in time order with ties by row order', () => {
    const s = temporalSplit(log, { trainFraction: 0.5 });
    expect(Array.from(s.trainRows)).toEqual([1, 5, 2]);
    expect(Array.from(s.testRows)).toEqual([4, 3, 0]);
    expect(Array.from(s.train.timestamps)).toEqual([10, 20, 30]);
  });

  it('splits at a cutoff time (rows strictly before train)', () => {
    const s = temporalSplit(log, { cutoff: 30 });
    expect(Array.from(s.trainRows)).toEqual([1, 5]);
    expect(s.test.length).toBe(4);
  });

  it('refuses rows without a timestamp, naming the row', () => {
    const noTime = interactionsFromRecords([{ user: 'a', item: 'x', timestamp: 1 }, { user: 'a', item: 'y' }]);
    expect(() => temporalSplit(noTime)).toThrow(/row 1 has none/);
    expect(() => temporalSplit(log, { cutoff: NaN })).toThrow(/cutoff/);
  });
});

describe('leaveLastOut', () => {
  it("holds out each user's latest row; users with too little history stay in training", () => {
    const s = leaveLastOut(log);
    // a: rows 2 (30), 4 (30), 0 (50) -> test 0; b: 1 (10), 3 (40) -> test 3; c: one row -> train only.
    expect(Array.from(s.testRows)).toEqual([0, 3]);
    expect(Array.from(s.trainRows)).toEqual([1, 2, 4, 5]);
  });

  it('holds out several rows and respects minTrain', () => {
    const s = leaveLastOut(log, { holdout: 2, minTrain: 1 });
    expect(Array.from(s.testRows)).toEqual([4, 0]); // only user a has 3 rows; ties 2/4 at t=30 keep row order
    expect(leaveLastOut(log, { holdout: 1, minTrain: 0 }).test.length).toBe(3);
    expect(() => leaveLastOut(log, { holdout: 0 })).toThrow(/holdout must be an integer >= 1/);
  });
});
