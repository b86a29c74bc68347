import { progressReporter, type ProgressCallback } from './progress';

function recorder(): { calls: Array<[number, number]>; onProgress: ProgressCallback } {
  const calls: Array<[number, number]> = [];
  return { calls, onProgress: (done, total) => calls.push([done, total]) };
}

describe('progressReporter', () => {
  it('reports about `steps` times, done increasing, ending at total', () => {
    const { calls, onProgress } = recorder();
    const tick = progressReporter(onProgress, 10_000, { steps: 20 });
    for (let i = 1; i <= 10_000; i++) tick(i);
    expect(calls.length).toBeGreaterThanOrEqual(20);
    expect(calls.length).toBeLessThanOrEqual(21);
    for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThan(calls[i - 1]![0]);
    expect(calls.every(([, total]) => total === 10_000)).toBe(true);
    expect(calls.at(-1)).toEqual([10_000, 10_000]);
  });

  it('always reports the end, never a repeated or decreasing done, and caps done at total', () => {
    const { calls, onProgress } = recorder();
    const tick = progressReporter(onProgress, 5, { steps: 1 });
    tick(1);
    tick(1);
    tick(0);
    tick(4);
    tick(9);
    tick(5);
    expect(calls).toEqual([
      [1, 5],
      [5, 5],
    ]);
  });

  it('reports an empty step once, and does nothing without a callback', () => {
    const { calls, onProgress } = recorder();
    progressReporter(onProgress, 0)(0);
    expect(calls).toEqual([[0, 0]]);
    expect(() => progressReporter(undefined, 10)(3)).not.toThrow();
  });
});
