import { exactKnn } from './knn';
import { clusteredPoints } from './synthetic';
import { tsne } from './tsne';

function recorder(): { calls: Array<[number, number]>; onProgress: (done: number, total: number) => void } {
  const calls: Array<[number, number]> = [];
  return { calls, onProgress: (done, total) => calls.push([done, total]) };
}

/** `done` increases, `total` is `total` throughout, and the last call has `done === total`. */
function expectProgress(calls: Array<[number, number]>, total: number): void {
  expect(calls.length).toBeGreaterThan(2);
  expect(calls.length).toBeLessThanOrEqual(102);
  for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThan(calls[i - 1]![0]);
  expect(calls.every(([, t]) => t === total)).toBe(true);
  expect(calls.at(-1)).toEqual([total, total]);
}

describe('progress of long viz steps', () => {
  const { data, dim } = clusteredPoints({ n: 150, dim: 6, clusters: 3, seed: 2 });

  it('exactKnn reports rows done, with the same neighbours as without it', () => {
    const { calls, onProgress } = recorder();
    const r = exactKnn(data, dim, 10, { onProgress });
    expectProgress(calls, 150);
    expect(Array.from(r.indices)).toEqual(Array.from(exactKnn(data, dim, 10).indices));
  });

  it.each(['exact', 'barnes-hut'] as const)('tsne (%s) reports rows then iterations up to n + iterations, same embedding', (method) => {
    const options = { method, iterations: 300, perplexity: 10, threads: 1 };
    const { calls, onProgress } = recorder();
    const r = tsne(data, dim, { ...options, onWorkProgress: onProgress });
    expectProgress(calls, 150 + 300);
    expect(calls.some(([done]) => done < 150)).toBe(true);
    expect(Array.from(r.embedding)).toEqual(Array.from(tsne(data, dim, options).embedding));
  });

  it('tsne ends its progress at the total when a convergence test stops it early', () => {
    const { calls, onProgress } = recorder();
    const r = tsne(data, dim, { method: 'exact', iterations: 1000, perplexity: 10, minGradNorm: 1e9, onWorkProgress: onProgress });
    expect(r.iterations).toBeLessThan(1000);
    expectProgress(calls, 150 + 1000);
  });
});
