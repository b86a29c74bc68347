import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf, ready } from '@twotower/runtime';
import { TwoTowerModel, type TwoTowerConfig } from './two-tower-model';
import { collectState, restoreState } from './model-state';
import { mulberry32 } from '@twotower/utils';

const config = (optimizer: TwoTowerConfig['optimizer'] = { name: 'adagrad', learningRate: 0.1 }): TwoTowerConfig => ({
  query: { inputs: [{ name: 'user', kind: 'embedding', vocabularySize: 40, dim: 8 }, { name: 't', kind: 'numeric' }], layers: [16, 8] },
  candidate: { inputs: [{ name: 'item', kind: 'embedding', vocabularySize: 60, dim: 8 }, { name: 'words', kind: 'embedding', vocabularySize: 10, dim: 8, width: 2 }], layers: [8] },
  optimizer,
  seed: 3,
});
const SUM = { reduction: 'sum' as const };

/** 4 planted clusters: user u and item i belong to cluster u % 4 / i % 4; users pick in-cluster items. */
function plantedBatch(n: number, seed: number) {
  const r = mulberry32(seed);
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const words = new Int32Array(n * 2);
  for (let k = 0; k < n; k++) {
    const u = Math.floor(r() * 40);
    const i = (Math.floor(r() * 15) * 4 + (u % 4)) % 60;
    user[k] = u;
    item[k] = i;
    words[2 * k] = 1 + (i % 4);
    words[2 * k + 1] = 5 + Math.floor(r() * 5);
  }
  return { q: { user, t: Float32Array.from({ length: n }, () => r() - 0.5) }, c: { item, words }, n };
}

describe.each(['cpu', 'wasm'])('TwoTowerModel on %s', (backend) => {
  beforeAll(() => ready({ backend: backend as 'cpu', log: null }));

  it('takes the same SGD step as plain tfjs autodiff of the same model', () => {
    const m = new TwoTowerModel(config({ name: 'sgd', learningRate: 0.5 }));
    const b = plantedBatch(12, 1);
    const userTable = m.query.inputs.tables.get('user')!.weights.slice();
    const itemTable = m.candidate.inputs.tables.get('item')!.weights.slice();
    const wordTable = m.candidate.inputs.tables.get('words')!.weights.slice();
    const mlpBefore = m.variables.map((v) => tf.clone(v));
    // reference: gather-based model, gradients by tfjs autodiff
    const ref = tf.tidy(() => {
      const U = tf.tensor2d(userTable, [40, 8]);
      const I = tf.tensor2d(itemTable, [60, 8]);
      const W = tf.tensor2d(wordTable, [10, 8]);
      const f = (u: tf.Tensor, it: tf.Tensor, w: tf.Tensor, ...mlp: tf.Tensor[]) => {
        const xq = tf.concat([tf.gather(u, b.q.user), tf.reshape(tf.tensor1d(b.q.t), [12, 1])], 1);
        const words = tf.tensor2d(b.c.words, [12, 2], 'int32');
        const pooled = tf.mean(tf.reshape(tf.gather(w, tf.reshape(words, [-1])), [12, 2, 8]), 1);
        const xc = tf.concat([tf.gather(it, b.c.item), pooled], 1);
        const q = tf.matMul(tf.relu(tf.add(tf.matMul(xq, mlp[0] as tf.Tensor2D), mlp[1]!)) as tf.Tensor2D, mlp[2] as tf.Tensor2D).add(mlp[3]!) as tf.Tensor2D;
        const c = tf.add(tf.matMul(xc, mlp[4] as tf.Tensor2D), mlp[5]!) as tf.Tensor2D;
        const logits = tf.matMul(q, c, false, true);
        return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(tf.range(0, 12, 1, 'int32'), 12)), 1))) as tf.Scalar;
      };
      const grads = tf.grads(f)([U, I, W, ...mlpBefore]);
      return grads.map((g) => g.dataSync() as Float32Array);
    });
    m.trainStep(b.q, 12, b.c, 12);
    const after = [m.query.inputs.tables.get('user')!.weights, m.candidate.inputs.tables.get('item')!.weights, m.candidate.inputs.tables.get('words')!.weights];
    const before = [userTable, itemTable, wordTable];
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < before[k]!.length; j++) expect(after[k]![j]).toBeCloseTo(before[k]![j]! - 0.5 * ref[k]![j]!, 4);
    }
    m.variables.forEach((v, k) => {
      const now = v.dataSync();
      const was = mlpBefore[k]!.dataSync();
      now.forEach((x, j) => expect(x).toBeCloseTo(was[j]! - 0.5 * ref[3 + k]![j]!, 4));
    });
    tf.dispose(mlpBefore);
    m.dispose();
  });

  it('learns planted clusters, keeps the tensor count flat, and saves/loads exactly', async () => {
    const m = new TwoTowerModel(config());
    const first = plantedBatch(64, 100);
    m.trainStep(first.q, 64, first.c, 64, SUM);
    const tensors = tf.memory().numTensors;
    let loss = 0;
    for (let s = 0; s < 150; s++) {
      const b = plantedBatch(64, s);
      loss = m.trainStep(b.q, 64, b.c, 64, SUM) / 64;
    }
    expect(tf.memory().numTensors).toBe(tensors);
    expect(loss).toBeLessThan(Math.log(64) * 0.8);
    // every user's top item (by embedding score) lies in its cluster for most users
    const users = Int32Array.from({ length: 40 }, (_, i) => i);
    const qe = m.embedQueries({ user: users, t: new Float32Array(40) }, 40);
    const items = Int32Array.from({ length: 60 }, (_, i) => i);
    const words = new Int32Array(120);
    for (let i = 0; i < 60; i++) { words[2 * i] = 1 + (i % 4); words[2 * i + 1] = 5; }
    const ce = m.embedCandidates({ item: items, words }, 60);
    let inCluster = 0;
    for (let u = 0; u < 40; u++) {
      let best = -1; let bestScore = -Infinity;
      for (let i = 0; i < 60; i++) {
        let s = 0;
        for (let d = 0; d < 8; d++) s += qe[u * 8 + d]! * ce[i * 8 + d]!;
        if (s > bestScore) { bestScore = s; best = i; }
      }
      if (best % 4 === u % 4) inCluster++;
    }
    expect(inCluster).toBeGreaterThanOrEqual(36);

    const dir = mkdtempSync(join(tmpdir(), 'tt-w-'));
    await m.saveWeights(dir, 'ckpt', { optimizer: true });
    const m2 = new TwoTowerModel({ ...config(), seed: 99 });
    await m2.loadWeights(dir, 'ckpt', { optimizer: true });
    expect(Array.from(m2.embedCandidates({ item: items, words }, 60))).toEqual(Array.from(ce));
    // resumed training continues exactly as the original would have
    const b = plantedBatch(64, 999);
    expect(m2.trainStep(b.q, 64, b.c, 64, SUM)).toBeCloseTo(m.trainStep(b.q, 64, b.c, 64, SUM), 4);
    expect(Array.from(m2.embedCandidates({ item: items, words }, 60))).toEqual(Array.from(m.embedCandidates({ item: items, words }, 60)));
    m.dispose();
    m2.dispose();
  });

  it('gives its state parts for weights kept in memory and put back', async () => {
    const m = new TwoTowerModel(config());
    const items = Int32Array.from({ length: 60 }, (_, i) => i);
    const words = Int32Array.from({ length: 120 }, (_, k) => k % 10);
    const before = m.embedCandidates({ item: items, words }, 60);
    // live arrays: copied to keep them
    const kept = new Map((await collectState(m.stateParts(), false)).map((e) => [e.name, { shape: e.shape, data: Float32Array.from(e.data) }]));
    expect([...kept.keys()].sort()).toEqual(['candidate/item/embeddings', 'candidate/words/embeddings', 'query/user/embeddings', ...m.query.mlp.names, ...m.candidate.mlp.names].sort());
    const b = plantedBatch(64, 5);
    m.trainStep(b.q, 64, b.c, 64, SUM);
    expect(Array.from(m.embedCandidates({ item: items, words }, 60))).not.toEqual(Array.from(before));
    await restoreState(m.stateParts(), kept, false);
    expect(Array.from(m.embedCandidates({ item: items, words }, 60))).toEqual(Array.from(before));
    m.dispose();
  });

  it('refuses towers of different output sizes and weights of another configuration', async () => {
    const c = config();
    expect(() => new TwoTowerModel({ ...c, candidate: { ...c.candidate, layers: [4] } })).toThrow(/last layers differ \(query 8, candidate 4\)/);
    const m = new TwoTowerModel(c);
    const dir = mkdtempSync(join(tmpdir(), 'tt-w-'));
    await m.saveWeights(dir);
    const other = new TwoTowerModel({ ...c, query: { ...c.query, inputs: [{ name: 'user', kind: 'embedding', vocabularySize: 41, dim: 8 }, { name: 't', kind: 'numeric' }] } });
    await expect(other.loadWeights(dir)).rejects.toThrow(/"query\/user\/embeddings" has shape \[40,8\] but the model expects \[41,8\]/);
    m.dispose();
    other.dispose();
  });
});
