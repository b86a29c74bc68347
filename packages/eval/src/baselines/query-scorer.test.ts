import { queriesAsUsers } from './query-scorer';

describe('queriesAsUsers', () => {
  it('scores each distinct user of a block once and copies rows', async () => {
    const calls: number[][] = [];
    const scorer = queriesAsUsers(new Int32Array([4, 4, 1, 4]), 2, (users, out) => {
      calls.push(Array.from(users));
      users.forEach((u, b) => out.set([u, -u], b * 2));
    });
    const out = new Float32Array(6);
    await scorer(new Int32Array([0, 2, 3]), out);
    expect(calls).toEqual([[4, 1]]);
    expect(Array.from(out)).toEqual([4, -4, 1, -1, 4, -4]);
  });

  it('rejects a wrong buffer and rows out of range', async () => {
    const scorer = queriesAsUsers(new Int32Array([0]), 2, () => undefined);
    await expect(scorer(new Int32Array([0]), new Float32Array(3))).rejects.toThrow(/out: has length 3/);
    await expect(scorer(new Int32Array([1]), new Float32Array(2))).rejects.toThrow(/rows\[0\]/);
  });
});
