import { clusteredPoints } from './synthetic';
import { trustworthiness } from './trustworthiness';
import { tsne, type TsneProgress } from './tsne';
import { exactKnn } from './knn';
import { klDivergence } from './kl-divergence';

/** Share of points whose nearest neighbour on the map carries the same planted label. */
function nearestLabelAgreement(embedding: Float32Array, labels: Int32Array): number {
  const knn = exactKnn(embedding, 2, 1);
  let same = 0;
  for (let i = 0; i < labels.length; i++) if (labels[knn.indices[i]!] === labels[i]) same++;
  return same / labels.length;
}

describe('tsne', () => {
  it('separates planted clusters (Barnes-Hut): trustworthiness above 0.9', () => {
    const { data, labels, dim } = clusteredPoints({ n: 400, dim: 16, clusters: 5, seed: 2, centreSpread: 4 });
    const r = tsne(data, dim, { method: 'barnes-hut', perplexity: 20, iterations: 500 });
    expect(r.method).toBe('barnes-hut');
    expect(r.embedding).toHaveLength(800);
    expect(trustworthiness(data, dim, r.embedding, 2)).toBeGreaterThan(0.9);
    expect(nearestLabelAgreement(r.embedding, labels)).toBeGreaterThan(0.98);
    expect(r.kl).toBeGreaterThan(0);
    expect(r.kl).toBeLessThan(r.klHistory[0]!.kl);
  });

  it('is deterministic under a seed, and the seed matters', () => {
    const { data, dim } = clusteredPoints({ n: 120, dim: 8, clusters: 3, seed: 5 });
    const opts = { init: 'random' as const, iterations: 300, perplexity: 10 };
    const a = tsne(data, dim, { ...opts, seed: 11 });
    const b = tsne(data, dim, { ...opts, seed: 11 });
    const c = tsne(data, dim, { ...opts, seed: 12 });
    expect(Array.from(a.embedding)).toEqual(Array.from(b.embedding));
    expect(a.kl).toBe(b.kl);
    expect(Array.from(a.embedding)).not.toEqual(Array.from(c.embedding));
    // PCA initialisation is deterministic too, for both methods
    const p1 = tsne(data, dim, { iterations: 300, method: 'barnes-hut' });
    const p2 = tsne(data, dim, { iterations: 300, method: 'barnes-hut' });
    expect(Array.from(p1.embedding)).toEqual(Array.from(p2.embedding));
  });

  it('gives the same bits with a worker thread (threads: 2) as without', () => {
    const { data, dim } = clusteredPoints({ n: 600, dim: 8, clusters: 4, seed: 3 });
    const one = tsne(data, dim, { method: 'barnes-hut', iterations: 300, threads: 1 });
    const two = tsne(data, dim, { method: 'barnes-hut', iterations: 300, threads: 2 });
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(Array.from(two.embedding)).toEqual(Array.from(one.embedding));
    expect(two.kl).toBe(one.kl);
  });

  it('exact and Barnes-Hut agree on small data', () => {
    const { data, dim } = clusteredPoints({ n: 300, dim: 10, clusters: 4, seed: 9, centreSpread: 3 });
    const exact = tsne(data, dim, { method: 'exact', perplexity: 15, iterations: 600 });
    const bh = tsne(data, dim, { method: 'barnes-hut', perplexity: 15, iterations: 600 });
    expect(exact.method).toBe('exact');
    expect(exact.neighbours).toBe(299);
    expect(bh.neighbours).toBe(46);
    expect(Math.abs(bh.kl - exact.kl) / exact.kl).toBeLessThan(0.1);
    // one scale for both layouts: exact t-SNE's objective
    expect(klDivergence(data, dim, exact.embedding, { perplexity: 15 })).toBeCloseTo(exact.kl, 5);
    expect(Math.abs(klDivergence(data, dim, bh.embedding, { perplexity: 15 }) - exact.kl) / exact.kl).toBeLessThan(0.05);
    const te = trustworthiness(data, dim, exact.embedding, 2);
    const tb = trustworthiness(data, dim, bh.embedding, 2);
    expect(Math.abs(te - tb)).toBeLessThan(0.02);
  });

  it('uses scikit-learn 1.2 defaults and reports progress', () => {
    const { data, dim } = clusteredPoints({ n: 60, dim: 4, clusters: 2, seed: 1 });
    const seen: TsneProgress[] = [];
    const r = tsne(data, dim, { iterations: 300, onProgress: (p) => seen.push(p) });
    expect(r.method).toBe('exact'); // auto: small input
    expect(r.learningRate).toBe(50); // max(60 / 12 / 4, 50)
    expect(r.perplexity).toBeCloseTo(59 / 3, 10); // clamped for 60 points
    expect(seen.map((p) => p.iteration)).toEqual([50, 100, 150, 200, 250, 300]);
    expect(seen[0]!.exaggerated).toBe(true);
    expect(seen[5]!.exaggerated).toBe(false);
  });

  it('handles duplicated inputs (coincident points) in Barnes-Hut', () => {
    const { data, dim } = clusteredPoints({ n: 100, dim: 4, clusters: 2, seed: 1 });
    for (let i = 0; i < 50; i++) for (let c = 0; c < dim; c++) data[i * dim + c] = data[c]!; // 50 copies of row 0
    const r = tsne(data, dim, { method: 'barnes-hut', iterations: 250, perplexity: 10 });
    expect(r.embedding.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(r.kl)).toBe(true);
  });

  it('rejects bad options naming the field', () => {
    const { data, dim } = clusteredPoints({ n: 20, dim: 3 });
    expect(() => tsne(data, dim, { perplexity: -1 })).toThrow(/perplexity: must be a positive number/);
    expect(() => tsne(data, dim, { init: new Float32Array(3) })).toThrow(/init: an initial layout must hold n × 2 = 40 numbers/);
    expect(() => tsne(data.subarray(0, 9), dim)).toThrow(/t-SNE needs at least 4 rows; got 3/);
    expect(() => tsne(data, dim, { method: 'fast' as never })).toThrow(/method: must be 'auto', 'exact' or 'barnes-hut'/);
    expect(() => tsne(data, dim, { threads: 3 })).toThrow(/threads: must be 1, 2 or 'auto'; got 3/);
  });
});
