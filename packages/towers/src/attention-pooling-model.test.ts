import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '@twotower/runtime';
import { mulberry32 } from '@twotower/utils';
import { TwoTowerModel, type TwoTowerConfig } from './two-tower-model';

const CLUSTERS = 4;
const LEVELS = 4;
const PER = 5; // items per (level, cluster): item 1 + (level × CLUSTERS + cluster) × PER + k
const WIDTH = 32;

/**
 * Planted histories with a priority order: one item of the top level (drawn per example) whose
 * cluster is the target's, and below it, per lower level, 4-8 items of one wrong cluster, shuffled.
 * Only the top item predicts the target. Attention learns to weight items by level; a mean
 * (read by a linear tower) would need each level's rows ~8× the norm of the level below.
 */
function plantedBatch(n: number, seed: number) {
  const r = mulberry32(seed);
  const history = new Int32Array(n * WIDTH);
  const target = new Int32Array(n);
  const item = (level: number, cluster: number) => 1 + (level * CLUSTERS + cluster) * PER + Math.floor(r() * PER);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(r() * CLUSTERS);
    target[i] = c;
    const top = Math.floor(r() * LEVELS);
    const slots = history.subarray(i * WIDTH, (i + 1) * WIDTH);
    let m = 0;
    slots[m++] = item(top, c);
    for (let l = 0; l < top; l++) {
      const wrong = (c + 1 + Math.floor(r() * (CLUSTERS - 1))) % CLUSTERS;
      for (let k = 4 + Math.floor(r() * 5); k > 0; k--) slots[m++] = item(l, wrong);
    }
    for (let t = m - 1; t > 0; t--) {
      const u = Math.floor(r() * (t + 1));
      const v = slots[t]!;
      slots[t] = slots[u]!;
      slots[u] = v;
    }
  }
  return { q: { history }, c: { item: target }, n };
}

const config = (pooling: 'mean' | 'attention', heads?: number): TwoTowerConfig => ({
  query: { inputs: [{ name: 'history', kind: 'embedding', vocabularySize: 1 + LEVELS * CLUSTERS * PER, dim: 8, width: WIDTH, pooling, ...(heads ? { heads } : {}) }], layers: [8] },
  candidate: { inputs: [{ name: 'item', kind: 'embedding', vocabularySize: CLUSTERS, dim: 8 }], layers: [8] },
  optimizer: { name: 'adagrad', learningRate: 0.1 },
  seed: 4,
});

/** Share of validation queries whose best-scoring cluster is the target. */
function accuracy(m: TwoTowerModel, seed: number): number {
  const v = plantedBatch(400, seed);
  const q = m.embedQueries(v.q, v.n);
  const c = m.embedCandidates({ item: Int32Array.from({ length: CLUSTERS }, (_, i) => i) }, CLUSTERS);
  let hits = 0;
  for (let i = 0; i < v.n; i++) {
    let best = -1;
    let bestScore = -Infinity;
    for (let k = 0; k < CLUSTERS; k++) {
      let s = 0;
      for (let d = 0; d < 8; d++) s += q[i * 8 + d]! * c[k * 8 + d]!;
      if (s > bestScore) [best, bestScore] = [k, s];
    }
    if (best === v.c.item[i]) hits++;
  }
  return hits / v.n;
}

function train(m: TwoTowerModel, steps: number): void {
  for (let s = 0; s < steps; s++) {
    const b = plantedBatch(64, s + 1);
    // in-batch softmax over the clusters, a row's own cluster elsewhere in the batch not a negative
    m.trainStep(b.q, b.n, b.c, b.n, { reduction: 'sum', positiveIds: b.c.item, candidateIds: b.c.item });
  }
}

describe('a two-tower model with an attention-pooled history', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('learns which history items matter where mean pooling drowns them in distractors (seeds 1-5: attention 1.0, mean 0.63-0.68)', () => {
    const results: Record<string, number> = {};
    for (const pooling of ['mean', 'attention'] as const) {
      const m = new TwoTowerModel(config(pooling));
      train(m, 300);
      results[pooling] = accuracy(m, 12345);
      m.dispose();
    }
    expect(results['attention']).toBeGreaterThan(0.9);
    expect(results['attention']! - results['mean']!).toBeGreaterThan(0.2);
  });

  it('saves and loads the query vectors with the weights (same embeddings after reload)', async () => {
    const m = new TwoTowerModel(config('attention', 2));
    train(m, 20);
    const q = m.query.inputs.tables.get('history/attention')!.weights;
    expect(q.some((v) => v !== 0)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'tt-att-'));
    await m.saveWeights(dir, 'ckpt', { optimizer: true });
    const back = new TwoTowerModel({ ...config('attention', 2), seed: 99 });
    await back.loadWeights(dir, 'ckpt', { optimizer: true });
    expect(Array.from(back.query.inputs.tables.get('history/attention')!.weights)).toEqual(Array.from(q));
    const v = plantedBatch(50, 7);
    expect(Array.from(back.embedQueries(v.q, v.n))).toEqual(Array.from(m.embedQueries(v.q, v.n)));
    // the optimiser state came back too: the next step is the same
    const b = plantedBatch(64, 1000);
    expect(back.trainStep(b.q, b.n, b.c, b.n)).toBeCloseTo(m.trainStep(b.q, b.n, b.c, b.n), 5);
    expect(Array.from(back.query.inputs.tables.get('history/attention')!.weights)).toEqual(Array.from(q));
    // weights of another number of heads, or of mean pooling, are refused, naming the table
    const oneHead = new TwoTowerModel(config('attention', 1));
    await expect(oneHead.loadWeights(dir, 'ckpt')).rejects.toThrow(/"query\/history\/attention\/embeddings" has shape \[2,8\] but the model expects \[1,8\]/);
    const mean = new TwoTowerModel(config('mean'));
    await mean.saveWeights(dir, 'mean');
    await expect(oneHead.loadWeights(dir, 'mean')).rejects.toThrow(/weights have no "query\/history\/attention\/embeddings"/);
    // and the other way: attention weights are not silently dropped into a mean-pooling model
    await oneHead.saveWeights(dir, 'one', { optimizer: true });
    await expect(mean.loadWeights(dir, 'one')).rejects.toThrow(/entries this model has no place for \("query\/history\/attention\/embeddings", .*another configuration/);
    for (const x of [m, back, oneHead, mean]) x.dispose();
  });
});
