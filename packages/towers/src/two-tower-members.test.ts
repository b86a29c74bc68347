/**
 * TwoTowerModel with `members > 1`: each member is the single-member model of its own seed,
 * trained on the same batches as if alone; embeddings are the members' side by side over √members.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf, ready } from '@twotower/runtime';
import { mulberry32 } from '@twotower/utils';
import { TwoTowerModel, type TwoTowerConfig } from './two-tower-model';

const config = (seed: number, members?: number): TwoTowerConfig => ({
  query: { inputs: [{ name: 'user', kind: 'embedding', vocabularySize: 30, dim: 6 }], layers: [8, 4], normalize: true },
  candidate: { inputs: [{ name: 'item', kind: 'embedding', vocabularySize: 50, dim: 6 }], layers: [4], normalize: true },
  optimizer: { name: 'adagrad', learningRate: 0.2 },
  seed,
  ...(members !== undefined ? { members } : {}),
});

function batch(n: number, seed: number) {
  const r = mulberry32(seed);
  const user = Int32Array.from({ length: n }, () => Math.floor(r() * 30));
  const item = Int32Array.from(user, (u) => (u * 7 + Math.floor(r() * 3)) % 50);
  return { q: { user }, c: { item }, n };
}

const all = { user: Int32Array.from({ length: 30 }, (_, i) => i) };
const items = { item: Int32Array.from({ length: 50 }, (_, i) => i) };

/** Member k's `[n × d]` block of side-by-side embeddings, times √members (undoing the scale). */
function block(x: Float32Array, n: number, d: number, members: number, k: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = x[i * d * members + k * d + j]! * Math.sqrt(members);
  return out;
}

const close = (a: Float32Array, b: Float32Array) => {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 5));
};

describe('TwoTowerModel members', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('is, member by member, the single model of seeds s, s + 1, s + 2 trained alone on the same batches', () => {
    const ensemble = new TwoTowerModel(config(5, 3));
    const singles = [5, 6, 7].map((s) => new TwoTowerModel(config(s)));
    expect(ensemble.dim).toBe(12);
    expect(ensemble.members.map((p) => p.query.name)).toEqual(['query', 'query-1', 'query-2']);
    const losses: number[] = [];
    for (let step = 0; step < 4; step++) {
      const b = batch(24, step + 1);
      const l = ensemble.trainStep(b.q, b.n, b.c, b.n);
      const alone = singles.map((m) => m.trainStep(b.q, b.n, b.c, b.n));
      // the loss reported is the members' mean
      expect(l).toBeCloseTo(alone.reduce((a, x) => a + x, 0) / 3, 4);
      losses.push(l);
    }
    const q = ensemble.embedQueries(all, 30);
    const c = ensemble.embedCandidates(items, 50);
    singles.forEach((m, k) => {
      close(block(q, 30, 4, 3, k), m.embedQueries(all, 30));
      close(block(c, 50, 4, 3, k), m.embedCandidates(items, 50));
    });
    // a score is the mean of the members' scores
    const dot = (x: Float32Array, i: number, y: Float32Array, j: number, d: number) => {
      let s = 0;
      for (let t = 0; t < d; t++) s += x[i * d + t]! * y[j * d + t]!;
      return s;
    };
    const mean = singles.reduce((a, m) => a + dot(m.embedQueries(all, 30), 3, m.embedCandidates(items, 50), 8, 4), 0) / 3;
    expect(dot(q, 3, c, 8, 12)).toBeCloseTo(mean, 5);
    // the members differ (own seeds), so the ensemble is not three copies of one model
    expect(Array.from(block(q, 30, 4, 3, 0))).not.toEqual(Array.from(block(q, 30, 4, 3, 1)));
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    ensemble.dispose();
    for (const m of singles) m.dispose();
  });

  it('trains each member on its own examples with trainMembers (of different sizes too), as if alone', () => {
    const ensemble = new TwoTowerModel(config(3, 2));
    const singles = [3, 4].map((s) => new TwoTowerModel(config(s)));
    for (let step = 0; step < 4; step++) {
      const own = [batch(24, 10 + step), batch(20, 20 + step)];
      const l = ensemble.trainMembers(own.map((b) => ({ queries: b.q, batch: b.n, candidates: b.c, numCandidates: b.n })));
      const alone = singles.map((m, k) => m.trainStep(own[k]!.q, own[k]!.n, own[k]!.c, own[k]!.n));
      expect(l).toBeCloseTo((alone[0]! + alone[1]!) / 2, 4);
    }
    const q = ensemble.embedQueries(all, 30);
    singles.forEach((m, k) => close(block(q, 30, 4, 2, k), m.embedQueries(all, 30)));
    expect(() => ensemble.trainMembers([])).toThrow(/0 member steps for 2 members/);
    ensemble.dispose();
    for (const m of singles) m.dispose();
  });

  it('keeps the tensor count flat across steps, and saves and loads every member', async () => {
    const m = new TwoTowerModel(config(1, 2));
    const b = batch(16, 9);
    m.trainStep(b.q, b.n, b.c, b.n);
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) m.trainStep(b.q, b.n, b.c, b.n);
    expect(tf.memory().numTensors).toBe(tensors);
    const dir = mkdtempSync(join(tmpdir(), 'members-'));
    await m.saveWeights(dir);
    const back = new TwoTowerModel(config(99, 2));
    await back.loadWeights(dir);
    close(back.embedQueries(all, 30), m.embedQueries(all, 30));
    close(back.embedCandidates(items, 50), m.embedCandidates(items, 50));
    // a single-member model has no place for the second member's weights, and says so
    const single = new TwoTowerModel(config(1));
    await expect(single.loadWeights(dir)).rejects.toThrow(/no place for .*query-1/);
    for (const x of [m, back, single]) x.dispose();
  });

  it('embeds member k from its own query batch when given one per member, and refuses the wrong count', () => {
    const m = new TwoTowerModel(config(1, 2));
    const other = { user: Int32Array.from(all.user, (u) => (u + 1) % 30) };
    const perMember = m.embedQueries([all, other], 30);
    close(block(perMember, 30, 4, 2, 0), block(m.embedQueries(all, 30), 30, 4, 2, 0));
    close(block(perMember, 30, 4, 2, 1), block(m.embedQueries(other, 30), 30, 4, 2, 1));
    expect(() => m.embedQueries([all], 30)).toThrow(/1 query batches for 2 members/);
    m.dispose();
  });

  it('refuses a member count that is not a positive integer', () => {
    expect(() => new TwoTowerModel(config(0, 0))).toThrow(/members must be a positive integer, got 0/);
    expect(() => new TwoTowerModel(config(0, 1.5))).toThrow(/members must be a positive integer/);
  });
});
