import { fingerprint } from './fingerprint';
import { selectRows } from './interactions';
import { interactionsFromRecords } from './interactions-builder';

describe('fingerprint', () => {
  const log = interactionsFromRecords([
    { user: 'a', item: 'x', rating: 4, timestamp: 10 },
    { user: 'b', item: 'y', rating: 5, timestamp: 30 },
  ]);

  it('is stable for equal logs and changes with any row, id or order', () => {
    const f = fingerprint(log);
    expect(f).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(fingerprint(selectRows(log, [0, 1]))).toBe(f);
    expect(fingerprint(selectRows(log, [1, 0]))).not.toBe(f);
    expect(fingerprint({ ...log, ratings: Float32Array.from([4, 4]) })).not.toBe(f);
    expect(fingerprint({ ...log, itemIds: ['x', 'z'] })).not.toBe(f);
    // A subarray view hashes its own bytes, not its whole buffer.
    const big = interactionsFromRecords([...Array(3)].map(() => ({ user: 'a', item: 'x', rating: 4, timestamp: 10 })));
    const view = { ...big, length: 1, users: big.users.subarray(0, 1), items: big.items.subarray(0, 1), ratings: big.ratings.subarray(0, 1), timestamps: big.timestamps.subarray(0, 1) };
    expect(fingerprint(view)).toBe(fingerprint(selectRows(big, [0])));
  });
});
