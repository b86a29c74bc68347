import { mapPool } from './pool';

describe('mapPool', () => {
  it('keeps input order and never runs more than `concurrency` tasks at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapPool([30, 10, 20, 5, 1], 2, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return i * 10;
    });
    expect(out).toEqual([0, 10, 20, 30, 40]);
    expect(peak).toBe(2);
  });

  it('handles an empty list and rejects a bad concurrency', async () => {
    await expect(mapPool([], 3, async () => 1)).resolves.toEqual([]);
    await expect(mapPool([1], 0, async () => 1)).rejects.toThrow(/concurrency must be a positive integer, got 0/);
  });
});
