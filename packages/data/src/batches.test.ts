import { batchCount, batches, epochOrder } from './batches';
import { interactionsFromRecords } from './interactions-builder';
import { deriveSeed } from '@twotower/utils';
import { permutation } from './random';

const log = interactionsFromRecords(Array.from({ length: 10 }, (_, i) => ({ user: `u${i}`, item: `i${i % 4}`, rating: i, timestamp: 100 + i })));

describe('batches', () => {
  it('visits every row once per epoch in the seeded order, gathering all columns', () => {
    const bs = [...batches(log, { batchSize: 4, seed: 1, epoch: 3 })];
    expect(bs.map((b) => b.size)).toEqual([4, 4, 2]);
    expect(bs.map((b) => b.index)).toEqual([0, 1, 2]);
    const rows = bs.flatMap((b) => Array.from(b.rows));
    expect(rows).toEqual(Array.from(permutation(10, deriveSeed(1, 3))));
    for (const b of bs) {
      for (let k = 0; k < b.size; k++) {
        const r = b.rows[k]!;
        expect(b.users[k]).toBe(log.users[r]);
        expect(b.items[k]).toBe(log.items[r]);
        expect(b.ratings[k]).toBe(r);
        expect(b.timestamps[k]).toBe(100 + r);
      }
    }
  });

  it('differs between epochs and replays exactly for the same epoch', () => {
    const e0 = Array.from(epochOrder(10, { epoch: 0 }));
    expect(Array.from(epochOrder(10, { epoch: 0 }))).toEqual(e0);
    expect(Array.from(epochOrder(10, { epoch: 1 }))).not.toEqual(e0);
  });

  it('keeps log order without shuffling and can drop the remainder', () => {
    const bs = [...batches(log, { batchSize: 3, shuffle: false, dropRemainder: true })];
    expect(bs.map((b) => Array.from(b.rows))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    expect(batchCount(10, { batchSize: 3, dropRemainder: true })).toBe(3);
    expect(batchCount(10, { batchSize: 3 })).toBe(4);
    expect([...batches(log, { batchSize: 20, dropRemainder: true })]).toHaveLength(0);
    expect([...batches(log, { batchSize: 20 })][0]!.size).toBe(10);
  });

  it('names the bad option, and refuses an empty log', () => {
    expect(() => [...batches(log, { batchSize: 0 })]).toThrow(/batchSize must be an integer >= 1; got 0/);
    expect(() => [...batches(log, { epoch: 1.5 })]).toThrow(/epoch/);
    expect(() => [...batches(interactionsFromRecords([]))]).toThrow(/empty log/);
  });
});
