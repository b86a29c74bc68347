import { asyncIndex } from './async-index';
import { BruteForceIndex } from './brute-force-index';
import { IndexError } from './errors';

describe('asyncIndex', () => {
  it('runs every operation of the wrapped index and resolves its result', async () => {
    const inner = new BruteForceIndex({ dim: 2, metric: 'ip' });
    const index = asyncIndex(inner);
    expect([index.kind, index.metric, index.dim]).toEqual(['exact', 'ip', 2]);
    await index.add(['a', 1], new Float32Array([1, 0, 0, 1]));
    expect(await index.size()).toBe(2);
    expect(await index.has(1)).toBe(true);
    expect(await index.has('1')).toBe(false);
    const result = await index.search(new Float32Array([1, 0.5]), 2);
    expect(result.ids(0)).toEqual(['a', 1]);
    expect(Array.from(result.scoresOf(0))).toEqual([1, 0.5]);
    expect(await index.remove(['a', 'missing'])).toBe(1);
    expect(inner.size).toBe(1);
    expect(await index.info()).toEqual({ kind: 'exact', metric: 'ip', dim: 2, size: 1 });
  });

  it('turns a thrown error into a rejection', async () => {
    const index = asyncIndex(new BruteForceIndex({ dim: 2 }));
    await index.add(['x'], new Float32Array([1, 2]));
    const added = index.add(['x'], new Float32Array([3, 4]));
    await expect(added).rejects.toThrow(IndexError);
    await expect(added).rejects.toThrow(/x/);
    await expect(index.search(new Float32Array(3), 1)).rejects.toMatchObject({ code: 'DIMENSION_MISMATCH' });
  });
});
