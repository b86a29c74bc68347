import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf, ready } from '@twotower/runtime';
import { RankingModel, type RankingConfig } from './ranking-model';
import type { TowerBatch } from '../tower-input';
import { mulberry32 } from '@twotower/utils';

const USERS = 40;
const ITEMS = 60;

const config = (over: Partial<RankingConfig> = {}): RankingConfig => ({
  query: [{ name: 'user', kind: 'embedding', vocabularySize: USERS, dim: 8 }, { name: 't', kind: 'numeric' }],
  candidate: [{ name: 'item', kind: 'embedding', vocabularySize: ITEMS, dim: 8 }, { name: 'words', kind: 'embedding', vocabularySize: 10, dim: 4, width: 2 }],
  layers: [16, 8],
  optimizer: { name: 'adam', learningRate: 0.01 },
  seed: 3,
  ...over,
});

/** Known truth: user u is in cluster u % 4, item i in cluster i % 4; liked when the clusters' sum is even. */
const liked = (u: number, i: number) => (((u % 4) + (i % 4)) % 2 === 0 ? 1 : 0);

function batch(n: number, seed: number, target: (u: number, i: number) => number = liked) {
  const r = mulberry32(seed);
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const words = new Int32Array(n * 2);
  const labels = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const u = Math.floor(r() * USERS);
    const i = Math.floor(r() * ITEMS);
    user[k] = u;
    item[k] = i;
    words[2 * k] = 1 + (i % 4);
    words[2 * k + 1] = r() < 0.5 ? 0 : 5 + Math.floor(r() * 5);
    labels[k] = target(u, i);
  }
  const q: TowerBatch = { user, t: Float32Array.from({ length: n }, () => r() - 0.5) };
  const c: TowerBatch = { item, words };
  return { q, c, n, labels };
}

function accuracy(p: Float32Array, labels: Float32Array): number {
  let ok = 0;
  p.forEach((v, i) => { if ((v >= 0.5 ? 1 : 0) === labels[i]) ok++; });
  return ok / p.length;
}

/** The same model written as plain tfjs ops over gathered embeddings: tfjs autodiff gives the reference gradients. */
function referenceGrads(m: RankingModel, b: ReturnType<typeof batch>): Float32Array[] {
  const n = b.n;
  const tables = [m.query.tables.get('user')!, m.candidate.tables.get('item')!, m.candidate.tables.get('words')!];
  const vars = m.variables.map((v) => tf.clone(v));
  const crossCount = m.cross?.variables.length ?? 0;
  const lowRank = m.cross?.lowRank !== undefined;
  return tf.tidy(() => {
    const f = (U: tf.Tensor, I: tf.Tensor, W: tf.Tensor, ...p: tf.Tensor[]) => {
      const words = tf.tensor2d(b.c.words!, [n, 2], 'int32');
      const present = tf.cast(tf.notEqual(words, 0), 'float32');
      const rows = tf.reshape(tf.gather(W, tf.reshape(words, [-1])), [n, 2, 4]);
      const pooled = tf.div(tf.sum(tf.mul(rows, tf.expandDims(present, 2)), 1), tf.maximum(tf.sum(present, 1, true), 1));
      const x0 = tf.concat([tf.gather(U, b.q.user!), tf.reshape(tf.tensor1d(b.q.t!), [n, 1]), tf.gather(I, b.c.item!), pooled], 1) as tf.Tensor2D;
      let x = x0;
      const s = lowRank ? 3 : 2;
      for (let l = 0; l < crossCount / s; l++) {
        const z = lowRank
          ? tf.add(tf.matMul(tf.matMul(x, p[l * s] as tf.Tensor2D), p[l * s + 1] as tf.Tensor2D), p[l * s + 2]!)
          : tf.add(tf.matMul(x, p[l * s] as tf.Tensor2D), p[l * s + 1]!);
        x = tf.add(tf.mul(x0, z), x) as tf.Tensor2D;
      }
      let h: tf.Tensor2D = x;
      const mlp = p.slice(crossCount);
      for (let k = 0; k < mlp.length; k += 2) {
        h = tf.add(tf.matMul(h, mlp[k] as tf.Tensor2D), mlp[k + 1]!) as tf.Tensor2D;
        if (k + 2 < mlp.length) h = tf.relu(h);
      }
      const z = tf.reshape(h, [n]);
      const y = tf.tensor1d(b.labels);
      // −y log σ(z) − (1 − y) log(1 − σ(z)), written out plainly
      const sz = tf.sigmoid(z);
      const loss = tf.neg(tf.add(tf.mul(y, tf.log(sz)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, sz)))));
      return tf.mean(loss) as tf.Scalar;
    };
    const grads = tf.grads(f)([...tables.map((t) => tf.tensor2d(t.weights, [t.vocabularySize, t.dim])), ...vars]);
    const out = grads.map((g) => g.dataSync() as Float32Array);
    tf.dispose(vars);
    return out;
  });
}

describe.each(['cpu', 'wasm'])('RankingModel on %s', (backend) => {
  beforeAll(() => ready({ backend: backend as 'cpu', log: null }));

  const crosses: [string, RankingConfig['cross']][] = backend === 'cpu'
    ? [['no cross layer', undefined], ['2 full cross layers', { layers: 2 }], ['a low-rank cross layer', { layers: 1, lowRank: 3 }]]
    : [['2 full cross layers', { layers: 2 }]];
  it.each(crosses)('takes the same SGD step as tfjs autodiff of the gather-based model (%s)', (_, cross) => {
    const m = new RankingModel(config({ cross, optimizer: { name: 'sgd', learningRate: 0.5 } }));
    // perturb biases so no ReLU sits at its kink and every parameter gets a gradient
    m.variables.forEach((v, k) => { if (v.rank === 1) v.assign(tf.tidy(() => tf.add(v, tf.randomUniform(v.shape, -0.1, 0.1, 'float32', k)))); });
    const b = batch(12, 1);
    const tables = [m.query.tables.get('user')!, m.candidate.tables.get('item')!, m.candidate.tables.get('words')!];
    const before = tables.map((t) => t.weights.slice());
    const varsBefore = m.variables.map((v) => v.dataSync().slice() as Float32Array);
    const ref = referenceGrads(m, b);
    m.trainStep(b.q, b.c, b.n, b.labels);
    tables.forEach((t, k) => t.weights.forEach((w, j) => expect(w).toBeCloseTo(before[k]![j]! - 0.5 * ref[k]![j]!, 4)));
    m.variables.forEach((v, k) => v.dataSync().forEach((w, j) => expect(w).toBeCloseTo(varsBefore[k]![j]! - 0.5 * ref[3 + k]![j]!, 4)));
    m.dispose();
  });

  it('predicts one probability per row; scores are their logits', () => {
    const m = new RankingModel(config({ cross: { layers: 1 } }));
    const b = batch(10, 2);
    expect(m.inputDim).toBe(8 + 1 + 8 + 4);
    const p = m.predict(b.q, b.c, 10, 3);
    const s = m.scores(b.q, b.c, 10);
    expect(p).toHaveLength(10);
    p.forEach((v, i) => {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(1);
      expect(v).toBeCloseTo(1 / (1 + Math.exp(-s[i]!)), 5);
    });
    const x = m.assemble(b.q, b.c, 10);
    expect(x).toHaveLength(10 * 21);
    expect(tf.tidy(() => m.forward(tf.tensor2d(x, [10, 21])).shape)).toEqual([10, 1]);
    m.dispose();
  });
});

describe('RankingModel training (wasm)', () => {
  beforeAll(() => ready({ backend: 'wasm', log: null }));
  const test = batch(400, 12345);

  it.each([['without', undefined], ['with', { layers: 1 }]] as const)('learns a planted cluster interaction %s a cross layer, with a flat tensor count', (_, cross) => {
    const m = new RankingModel(config({ cross }));
    const first = batch(64, 100);
    m.trainStep(first.q, first.c, 64, first.labels);
    const tensors = tf.memory().numTensors;
    for (let s = 0; s < 250; s++) {
      const b = batch(64, s);
      m.trainStep(b.q, b.c, 64, b.labels);
    }
    expect(tf.memory().numTensors).toBe(tensors);
    expect(accuracy(m.predict(test.q, test.c, test.n), test.labels)).toBeGreaterThan(0.9);
    m.dispose();
  });

  it('trains with input dropout (predictions stay deterministic) and a separate embedding optimiser', () => {
    const m = new RankingModel(config({ inputDropout: 0.3, embeddingOptimizer: { name: 'adagrad', learningRate: 0.1 } }));
    expect(m.query.tables.get('user')!.optimizer.name).toBe('adagrad');
    for (let s = 0; s < 250; s++) {
      const b = batch(64, s);
      m.trainStep(b.q, b.c, 64, b.labels);
    }
    const p = m.predict(test.q, test.c, test.n);
    expect(Array.from(m.predict(test.q, test.c, test.n))).toEqual(Array.from(p));
    expect(accuracy(p, test.labels)).toBeGreaterThan(0.85);
    m.dispose();
  });

  it('drops inputs and their gradients: one SGD step equals autodiff on the masked, rescaled input', () => {
    const m = new RankingModel(config({ inputDropout: 0.5, optimizer: { name: 'sgd', learningRate: 0.5 } }));
    const b = batch(1, 8);
    const D = m.inputDim;
    const x = m.assemble(b.q, b.c, 1);
    const user = m.query.tables.get('user')!;
    const userBefore = user.weights.slice();
    const varsBefore = m.variables.map((v) => tf.clone(v));
    m.trainStep(b.q, b.c, 1, b.labels);
    // With one row, kernel row j moves iff input j was kept: that reveals the model's mask.
    const step = tf.tidy(() => tf.sub(varsBefore[0]!, m.variables[0]!).dataSync() as Float32Array);
    const keep = Array.from({ length: D }, (_, j) => step.subarray(j * 16, (j + 1) * 16).some((v) => v !== 0));
    expect(keep.filter(Boolean).length).toBeGreaterThan(2);
    expect(keep.filter(Boolean).length).toBeLessThan(D - 2);
    const masked = Float32Array.from(x, (v, j) => (keep[j] ? 2 * v : 0));
    const [dx, dk] = tf.tidy(() => {
      const g = tf.grads((xx: tf.Tensor, ...p: tf.Tensor[]) => {
        const z = tf.reshape(m.forward(xx as tf.Tensor2D, p), [1]);
        const y = tf.tensor1d(b.labels);
        return tf.sub(tf.softplus(z), tf.mul(z, y)).mean() as tf.Scalar;
      })([tf.tensor2d(masked, [1, D]), ...varsBefore]);
      return [g[0]!.dataSync() as Float32Array, g[1]!.dataSync() as Float32Array];
    });
    step.forEach((v, j) => expect(v).toBeCloseTo(0.5 * dk![j]!, 5));
    const u = b.q.user![0]!;
    for (let d = 0; d < 8; d++) {
      const want = keep[d] ? 2 * dx![d]! : 0;
      expect(userBefore[u * 8 + d]! - user.weights[u * 8 + d]!).toBeCloseTo(0.5 * want, 5);
    }
    tf.dispose(varsBefore);
    m.dispose();
  });

  it('learns ratings with the regression head', () => {
    const rating = (u: number, i: number) => 1 + (u % 4) + (i % 2);
    const m = new RankingModel(config({ head: 'regression', outputBias: 3 }));
    let loss = 0;
    for (let s = 0; s < 250; s++) {
      const b = batch(64, s, rating);
      loss = m.trainStep(b.q, b.c, 64, b.labels);
    }
    expect(loss).toBeLessThan(0.1);
    const t = batch(200, 777, rating);
    const p = m.predict(t.q, t.c, t.n);
    let se = 0;
    p.forEach((v, i) => { se += (v - t.labels[i]!) ** 2; });
    expect(Math.sqrt(se / t.n)).toBeLessThan(0.35);
    m.dispose();
  });

  it('weights rows: a zero-weight row changes nothing', () => {
    const m = new RankingModel(config({ optimizer: { name: 'sgd', learningRate: 0.1 } }));
    const b = batch(1, 5);
    const user = m.query.tables.get('user')!.weights.slice();
    const kernel = m.variables[0]!.dataSync().slice();
    m.trainStep(b.q, b.c, 1, b.labels, Float32Array.of(0));
    expect(Array.from(m.query.tables.get('user')!.weights)).toEqual(Array.from(user));
    expect(Array.from(m.variables[0]!.dataSync())).toEqual(Array.from(kernel));
    m.dispose();
  });

  // Adagrad resumes bit for bit; tfjs' Adam recomputes beta^t with pow() on load where a running
  // product was kept, so its next step agrees to float rounding only.
  it.each([['adagrad', 0], ['adam', 1e-6]] as const)('saves and loads exactly, and resumes training with the %s state', async (name, tolerance) => {
    const cfg = (seed: number) => config({ cross: { layers: 2, lowRank: 4 }, optimizer: { name, learningRate: 0.01 }, seed });
    const m = new RankingModel(cfg(3));
    for (let s = 0; s < 5; s++) {
      const b = batch(32, s);
      m.trainStep(b.q, b.c, 32, b.labels);
    }
    const dir = mkdtempSync(join(tmpdir(), 'tt-rank-'));
    await m.saveWeights(dir, 'ckpt', { optimizer: true });
    const m2 = new RankingModel(cfg(99));
    const tensors = tf.memory().numTensors;
    await m2.loadWeights(dir, 'ckpt', { optimizer: true });
    // loading adds the dense optimiser's slots (one per variable for Adagrad, two for Adam), nothing else
    const slots = m2.variables.length * (name === 'adam' ? 2 : 1);
    expect(tf.memory().numTensors).toBe(tensors + slots);
    expect(Array.from(m2.predict(test.q, test.c, test.n))).toEqual(Array.from(m.predict(test.q, test.c, test.n)));
    const b = batch(32, 999);
    expect(m2.trainStep(b.q, b.c, 32, b.labels)).toBe(m.trainStep(b.q, b.c, 32, b.labels));
    const p1 = m.predict(test.q, test.c, test.n);
    const p2 = m2.predict(test.q, test.c, test.n);
    if (tolerance === 0) expect(Array.from(p2)).toEqual(Array.from(p1));
    else p2.forEach((v, i) => expect(Math.abs(v - p1[i]!)).toBeLessThanOrEqual(tolerance));
    expect(tf.memory().numTensors).toBe(tensors + slots);
    m2.dispose();
    m.dispose();
  });

  it('names what is wrong: labels, weights, inputs, configuration, weight files', async () => {
    const m = new RankingModel(config());
    const b = batch(3, 1);
    expect(() => m.trainStep(b.q, b.c, 3, Float32Array.of(1, 4, 0))).toThrow(/labels\[1\] is 4: the binary head needs labels in \[0, 1\]/);
    expect(() => m.trainStep(b.q, b.c, 3, Float32Array.of(1, 0))).toThrow(/labels has 2 values for 3 rows/);
    expect(() => m.trainStep(b.q, b.c, 3, b.labels, Float32Array.of(1, -1, 1))).toThrow(/sampleWeights\[1\] is -1/);
    expect(() => m.predict({ user: b.q.user! }, b.c, 3)).toThrow(/"t" is missing from the batch/);
    expect(() => m.predict({ ...b.q, user: Int32Array.of(0, 40, 1) }, b.c, 3)).toThrow(/tower input "user", example 1: id 40 is outside the embedding table \[0, 40\)/);
    expect(() => new RankingModel(config({ head: 'ordinal' as 'binary' }))).toThrow(/head must be 'binary' or 'regression'/);
    expect(() => new RankingModel(config({ inputDropout: 1 }))).toThrow(/inputDropout must be in \[0, 1\), got 1/);
    expect(() => new RankingModel(config({ embeddingInitScale: -1 }))).toThrow(/embeddingInitScale must be a finite number >= 0, got -1/);
    expect(() => new RankingModel(config({ outputBias: NaN }))).toThrow(/outputBias must be a finite number/);
    const r = new RankingModel(config({ head: 'regression' }));
    expect(() => r.trainStep(b.q, b.c, 3, Float32Array.of(4, NaN, 2))).toThrow(/labels\[1\] is NaN: the regression head needs labels a finite number/);
    r.dispose();
    const dir = mkdtempSync(join(tmpdir(), 'tt-rank-'));
    await m.saveWeights(dir);
    const other = new RankingModel(config({ layers: [16, 4] }));
    await expect(other.loadWeights(dir)).rejects.toThrow(/"ranking\/dense_1\/kernel" has shape \[16,8\] but the model expects \[16,4\]/);
    const crossed = new RankingModel(config({ cross: { layers: 1 } }));
    await expect(crossed.loadWeights(dir)).rejects.toThrow(/weights have no "ranking\/cross_0\/kernel"/);
    tf.dispose([]);
    m.dispose();
    other.dispose();
    crossed.dispose();
  });
});
