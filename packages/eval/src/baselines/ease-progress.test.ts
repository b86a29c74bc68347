import { invertSpdInPlace, spdInverseWork } from '../linalg/spd-inverse';
import { randomSpd, rng } from '../test-utils';
import { EaseBaseline } from './ease';
import { runBaselines } from './run-baselines';

function recorder(): { calls: Array<[number, number]>; onProgress: (done: number, total: number) => void } {
  const calls: Array<[number, number]> = [];
  return { calls, onProgress: (done, total) => calls.push([done, total]) };
}

/** `done` increases, `total` never changes, and the last call has `done === total`. */
function expectProgress(calls: Array<[number, number]>): void {
  expect(calls.length).toBeGreaterThan(1);
  const total = calls[0]![1];
  for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThan(calls[i - 1]![0]);
  expect(calls.every(([, t]) => t === total)).toBe(true);
  expect(calls.at(-1)).toEqual([total, total]);
  expect(calls.length).toBeLessThanOrEqual(102);
}

function randomLog(seed: number, nUsers: number, nItems: number, rows: number): { user: Int32Array; item: Int32Array } {
  const r = rng(seed);
  return {
    user: Int32Array.from({ length: rows }, () => Math.floor(r() * nUsers)),
    item: Int32Array.from({ length: rows }, () => Math.floor(r() * nItems)),
  };
}

describe('EASE progress', () => {
  it('invertSpdInPlace reports its three passes up to spdInverseWork(n), with the same inverse', () => {
    for (const n of [1, 7, 37, 64]) {
      const a = randomSpd(n, n);
      const plain = Float64Array.from(a);
      invertSpdInPlace(plain, n);
      const { calls, onProgress } = recorder();
      invertSpdInPlace(a, n, { onProgress });
      expect(Array.from(a)).toEqual(Array.from(plain));
      expect(calls.at(-1)).toEqual([spdInverseWork(n), spdInverseWork(n)]);
      for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThan(calls[i - 1]![0]);
    }
  });

  it('EaseBaseline.fit reports the Gram matrix, inverse and weights, and fits the same weights', () => {
    const log = randomLog(3, 120, 90, 2000);
    const train = Int32Array.from({ length: 1800 }, (_, i) => i);
    const { calls, onProgress } = recorder();
    const withProgress = EaseBaseline.fit(log, train, 120, 90, { lambda: 10, onProgress });
    expectProgress(calls);
    expect(calls[0]![1]).toBeGreaterThan(spdInverseWork(90));
    const plain = EaseBaseline.fit(log, train, 120, 90, { lambda: 10 });
    expect(Buffer.from(withProgress.weights.buffer).equals(Buffer.from(plain.weights.buffer))).toBe(true);
  });

  it('runBaselines passes onEaseProgress to EASE', async () => {
    const log = randomLog(4, 60, 40, 900);
    const { calls, onProgress } = recorder();
    await runBaselines({
      interactions: log,
      train: Int32Array.from({ length: 800 }, (_, i) => i),
      test: Int32Array.from({ length: 100 }, (_, i) => 800 + i),
      numUsers: 60,
      numItems: 40,
      baselines: ['ease'],
      ks: [10],
      onEaseProgress: onProgress,
    });
    expectProgress(calls);
  });
});
