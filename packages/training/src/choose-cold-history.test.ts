import { syntheticDataset } from '@twotower/data';
import { jsMatMulF32, EaseBaseline } from '@twotower/eval';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { ItemItemWeights, popularByHistory } from '@twotower/recommender';
import { ready, tf } from '@twotower/runtime';
import { chooseColdHistory } from './choose-cold-history';
import { fitItemItem } from './fit-item-item';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

jest.setTimeout(60_000);

// taste over latent factors and a popularity skew: both the popular items and which go together are learnable
const dataset = syntheticDataset({ numUsers: 80, numItems: 40, numInteractions: 1600, affinity: 6, popularityExponent: 0.5, seed: 21 });
const spec = {
  query: movieLensQuerySpecs({ embeddingDim: 4, timestampBins: 5 }),
  candidate: movieLensCandidateSpecs({ embeddingDim: 4 }),
  model: { queryLayers: [4], candidateLayers: [4], seed: 3 },
  history: { length: 10, dim: 4 },
};

describe('chooseColdHistory', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));
  const data = trainingData(dataset.interactions, { validationFraction: 0.2 });
  const fitWeights = () => ItemItemWeights.fromDense(EaseBaseline.fit(data.log, data.fitRows, data.numUsers, data.numItems, { lambda: 500, matmul: jsMatMulF32 }).weights, data.numItems, 39);

  it('scores every validation user with enough fit items as a stranger, and picks the popular items re-ordered over untrained towers', async () => {
    const rec = createRecommender(dataset, data, spec); // untrained towers: their answer is noise
    const before = tf.memory().numTensors;
    const m = await chooseColdHistory(rec, data, fitWeights(), { given: 3, weights: [0, 1], candidates: 20, k: 5 });
    expect(tf.memory().numTensors).toBe(before);
    const fitCount = new Map<number, Set<number>>();
    for (const r of data.fitRows) {
      const u = data.log.users[r]!;
      if (!fitCount.has(u)) fitCount.set(u, new Set());
      fitCount.get(u)!.add(data.log.items[r]!);
    }
    const validationUsers = new Set(Array.from(data.validationRows, (r) => data.log.users[r]!));
    expect(m.users).toBe([...validationUsers].filter((u) => (fitCount.get(u)?.size ?? 0) >= 3).length); // (each has validation items besides)
    expect(m.choices.map((c) => c.weight)).toEqual([0, 1]);
    expect(m).toMatchObject({ given: 3, candidates: 20, k: 5, answer: 'item-item' });
    const best = m.choices.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
    expect(m.weight).toBe(best.weight);
    expect(best.ndcg).toBeGreaterThan(m.towers.ndcg + 0.05);
    rec.dispose();
  });

  it('chooses the weight again for longer histories while enough users have them, and fitItemItem keeps it with the stage', async () => {
    const rec = createRecommender(dataset, data, spec);
    const w = fitWeights();
    const m = await chooseColdHistory(rec, data, w, { given: 3, weights: [0, 1, 8], candidates: 20, k: 5, lengths: [6, 9, 1000], minUsers: 5 });
    // 1000 items: no user has them, so the list stops before it
    expect(m.byLength!.map((b) => b.from)).toEqual([6, 9]);
    for (const b of m.byLength!) {
      const again = await chooseColdHistory(rec, data, w, { given: b.from, weights: [0, 1, 8], candidates: 20, k: 5, lengths: [] });
      expect(again.byLength).toBeUndefined();
      expect(b).toEqual({ from: b.from, users: again.users, weight: again.weight, choices: again.choices });
    }
    // too few users for a length of its own: none kept
    const few = await chooseColdHistory(rec, data, w, { given: 3, weights: [0, 1], candidates: 20, k: 5, lengths: [6], minUsers: 10_000 });
    expect(few.byLength).toBeUndefined();
    await expect(chooseColdHistory(rec, data, w, { lengths: [20, 10] })).rejects.toThrow('chooseColdHistory: lengths is [20,10]; give ascending integers >= 1');
    const staged = await fitItemItem(rec, data, { neighbours: 39, weights: [0, 1], candidates: 20, k: 5, matmul: jsMatMulF32, coldHistory: { given: 3, weights: [0, 1, 8], candidates: 20, lengths: [6, 9], minUsers: 5 } });
    expect(rec.itemItem!.info.coldHistory!.byLength).toEqual(staged.coldHistory!.byLength!.map(({ from, weight }) => ({ from, weight })));
    rec.dispose();
  });

  it('gives a user only its first items by time, and finds the rest', async () => {
    // the item-item answer of one user, recomputed by hand from its rows
    const rec = createRecommender(dataset, data, spec);
    const w = fitWeights();
    const m = await chooseColdHistory(rec, data, w, { given: 2, weights: [4], candidates: 40, k: 40 });
    // with every item a candidate and K the catalogue, recall is 1 for every user: the rest is all found
    expect(m.choices[0]!.recall).toBeCloseTo(1, 6);
    const u = data.log.users[data.validationRows[0]!]!;
    const rows = Array.from(data.fitRows).filter((r) => data.log.users[r] === u).sort((a, b) => data.timestamps[a]! - data.timestamps[b]! || a - b);
    const first = [...new Set(rows.map((r) => data.log.items[r]!))].slice(0, 2);
    const answer = popularByHistory(w, data.fitPopularity, first, { weight: 4, candidates: 40, exclude: first, k: 40 });
    expect(Array.from(answer.items)).not.toContain(first[0]);
    expect(answer.items.length).toBe(40 - 2);
    rec.dispose();
  });

  it('answers with the towers when no user has enough items, and refuses bad options', async () => {
    const rec = createRecommender(dataset, data, spec);
    const none = await chooseColdHistory(rec, data, fitWeights(), { given: 1000 });
    expect(none).toMatchObject({ users: 0, answer: 'towers' });
    await expect(chooseColdHistory(rec, data, fitWeights(), { given: 0 })).rejects.toThrow('chooseColdHistory: given is 0');
    await expect(chooseColdHistory(rec, data, fitWeights(), { weights: [-1] })).rejects.toThrow('chooseColdHistory: weights is [-1]');
    rec.dispose();
  });

  it('with a tower that reads no history, scores its answer as a stranger\'s list (one for all) against the item-item answer', async () => {
    const { history: _none, ...noHistory } = spec;
    const plain = createRecommender(dataset, data, noHistory);
    const m = await chooseColdHistory(plain, data, fitWeights(), { given: 3, weights: [0, 1], candidates: 20 });
    expect(m.users).toBeGreaterThan(0);
    // the towers' list is the same for every user: what an unknown id with no history reads
    const stranger = plain.embedQueries([''], undefined);
    expect(Array.from(plain.embedQueries(['', ''], undefined))).toEqual([...stranger, ...stranger]);
    expect(m.towers.ndcg).toBeGreaterThanOrEqual(0);
    expect(m.answer).toBe(m.choices.some((c) => c.ndcg > m.towers.ndcg) ? 'item-item' : 'towers');
    plain.dispose();
  });

  it('is chosen by fitItemItem and kept with the stage, unless turned off', async () => {
    const rec = createRecommender(dataset, data, spec);
    const m = await fitItemItem(rec, data, { neighbours: 39, weights: [0, 1], candidates: 20, k: 5, matmul: jsMatMulF32, coldHistory: { given: 3, weights: [0, 1], candidates: 20 } });
    expect(m.coldHistory).toMatchObject({ answer: 'item-item', given: 3 });
    expect(rec.itemItem!.info.coldHistory).toEqual({ weight: m.coldHistory!.weight, candidates: 20 });
    expect(rec.itemItem!.answerColdHistory(rec.popularity, [0, 1], 5, [0, 1])!.items.length).toBe(5);
    await fitItemItem(rec, data, { neighbours: 39, weights: [0, 1], candidates: 20, k: 5, matmul: jsMatMulF32, coldHistory: false });
    expect(rec.itemItem!.info.coldHistory).toBeUndefined();
    expect(rec.itemItem!.answerColdHistory(rec.popularity, [0, 1], 5)).toBeUndefined();
    rec.dispose();
  });
});
