/**
 * The query tower's history never holds what is being predicted: in training, not the example's
 * own item nor any validation or test interaction; in validation, only fit rows; at test time,
 * only training rows. Every history the pipeline builds is recorded and checked against the split.
 */
import { syntheticDataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from '@twotower/features';
import { Recommender, type RecommenderSpec } from '@twotower/recommender';
import { ready } from '@twotower/runtime';
import { evaluateRecommender } from './evaluate-recommender';
import { fitEngagement } from './fit-engagement';
import { fitRetrieval } from './fit-retrieval';
import { createRecommender } from './recommender-from-data';
import { trainingData } from './training-data';

jest.setTimeout(60_000);

const dataset = syntheticDataset({ numUsers: 60, numItems: 40, numInteractions: 1500, seed: 5 });
const spec: RecommenderSpec = {
  query: movieLensQuerySpecs({ embeddingDim: 8 }).filter((s) => s.name === 'user_id'),
  candidate: movieLensCandidateSpecs({ embeddingDim: 8 }),
  model: { queryLayers: [8], candidateLayers: [8], seed: 1 },
  history: { length: 6, dim: 8 },
};

interface Call {
  phase: string;
  users: number[];
  exclude?: number[];
  /** Each query's history, as item indices. */
  histories: number[][];
}

describe('history and the split', () => {
  const data = trainingData(dataset.interactions, { validationFraction: 0.2 });
  const calls: Call[] = [];
  let phase = 'fit';
  const itemsOf = (rows: Int32Array) => {
    const by = new Map<number, Set<number>>();
    for (const r of rows) {
      const u = data.log.users[r]!;
      if (!by.has(u)) by.set(u, new Set());
      by.get(u)!.add(data.log.items[r]!);
    }
    return (u: number) => by.get(u) ?? new Set<number>();
  };
  const fitItems = itemsOf(data.fitRows);
  const trainItems = itemsOf(data.trainRows);

  beforeAll(async () => {
    await ready({ backend: 'cpu', log: null });
    const rec = createRecommender(dataset, data, spec);
    const original = Recommender.prototype.historyBatch;
    const spy = jest.spyOn(rec, 'historyBatch').mockImplementation(function (this: Recommender, source, userIndex, n, options = {}) {
      const out = original.call(this, source, userIndex, n, options);
      const w = this.historyLength;
      const histories = Array.from({ length: n }, (_, i) => Array.from(out.subarray(i * w, (i + 1) * w)).filter((x) => x > 0).map((x) => x - 1));
      calls.push({ phase, users: Array.from({ length: n }, (_, i) => userIndex(i)), exclude: options.exclude && Array.from(options.exclude), histories });
      return out;
    });
    await fitRetrieval(rec, data, { epochs: 2, batchSize: 128 });
    phase = 'engagement';
    await fitEngagement(rec, data, { epochs: 1, pool: 10, negatives: 1 });
    phase = 'test';
    await evaluateRecommender(rec, data, { baselines: [], ks: [10] });
    spy.mockRestore();
    rec.dispose();
  });

  it('builds histories in every phase', () => {
    expect(new Set(calls.map((c) => c.phase))).toEqual(new Set(['fit', 'engagement', 'test']));
    expect(calls.filter((c) => c.phase === 'fit' && c.exclude).length).toBeGreaterThan(0);
  });

  it('a training example\'s history is the user\'s other fit items: never its own item, a validation or a test item', () => {
    let checked = 0;
    for (const c of calls.filter((x) => x.phase === 'fit' && x.exclude)) {
      c.histories.forEach((h, i) => {
        expect(h).not.toContain(c.exclude![i]);
        for (const item of h) expect(fitItems(c.users[i]!).has(item)).toBe(true);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('validation and the engagement model read fit rows only; the test reads training rows only', () => {
    for (const c of calls) {
      if (c.phase === 'fit' && c.exclude) continue;
      const allowed = c.phase === 'test' ? trainItems : fitItems;
      c.histories.forEach((h, i) => {
        for (const item of h) expect(allowed(c.users[i]!).has(item)).toBe(true);
      });
    }
    // validation rows' items are in no validation-time history (their user's fit items only)
    const validationPairs = new Set(Array.from(data.validationRows, (r) => `${data.log.users[r]}:${data.log.items[r]}`));
    const fitPairs = new Set(Array.from(data.fitRows, (r) => `${data.log.users[r]}:${data.log.items[r]}`));
    for (const c of calls.filter((x) => x.phase !== 'test')) {
      c.histories.forEach((h, i) => {
        for (const item of h) {
          const key = `${c.users[i]}:${item}`;
          if (validationPairs.has(key)) expect(fitPairs.has(key)).toBe(true);
        }
      });
    }
  });
});

describe('causal history', () => {
  const data = trainingData(dataset.interactions, { validationFraction: 0.2 });
  const histories: { user: number; target: number; items: number[] }[] = [];

  beforeAll(async () => {
    await ready({ backend: 'cpu', log: null });
    const rec = createRecommender(dataset, data, { ...spec, history: { length: 50, dim: 8, causal: true } });
    const original = Recommender.prototype.historyBatch;
    jest.spyOn(rec, 'historyBatch').mockImplementation(function (this: Recommender, source, userIndex, n, options = {}) {
      const out = original.call(this, source, userIndex, n, options);
      const w = this.historyLength;
      if (options.exclude) {
        for (let i = 0; i < n; i++) histories.push({ user: userIndex(i), target: options.exclude[i]!, items: Array.from(out.subarray(i * w, (i + 1) * w)).filter((x) => x > 0).map((x) => x - 1) });
      }
      return out;
    });
    await fitRetrieval(rec, data, { epochs: 1, batchSize: 128 });
    rec.dispose();
  });

  it("a training example reads only the user's fit interactions from before its own time", () => {
    // (user, item) → the times of its fit rows
    const times = new Map<string, number[]>();
    for (const r of data.fitRows) {
      const key = `${data.log.users[r]}:${data.log.items[r]}`;
      times.set(key, [...(times.get(key) ?? []), data.timestamps[r]!]);
    }
    expect(histories.length).toBe(data.fitRows.length);
    let nonEmpty = 0;
    for (const h of histories) {
      const latest = Math.max(...times.get(`${h.user}:${h.target}`)!);
      for (const item of h.items) expect(Math.min(...times.get(`${h.user}:${item}`)!)).toBeLessThan(latest);
      if (h.items.length > 0) nonEmpty++;
    }
    // and it is a history: most examples have an earlier interaction
    expect(nonEmpty).toBeGreaterThan(histories.length / 2);
  });
});

describe('recent history', () => {
  const data = trainingData(dataset.interactions, { validationFraction: 0.2 });
  const calls: { phase: string; user: number; time: number; target: number; items: number[] }[] = [];
  let phase = 'fit';
  // (user, item) → its latest time among some rows
  const timesOf = (rows: Int32Array) => {
    const m = new Map<string, number>();
    for (const r of rows) {
      const key = `${data.log.users[r]}:${data.log.items[r]}`;
      m.set(key, Math.max(m.get(key) ?? -Infinity, data.timestamps[r]!));
    }
    return m;
  };
  const fitTimes = timesOf(data.fitRows);
  const trainTimes = timesOf(data.trainRows);
  const length = 4;

  beforeAll(async () => {
    await ready({ backend: 'cpu', log: null });
    const rec = createRecommender(dataset, data, { ...spec, query: movieLensQuerySpecs({ embeddingDim: 8 }).filter((s) => s.name === 'user_id' || s.name === 'timestamp_bucket'), timeDropout: 0.5, history: { length, dim: 8, recent: true } });
    const original = Recommender.prototype.historyBatch;
    jest.spyOn(rec, 'historyBatch').mockImplementation(function (this: Recommender, source, userIndex, n, options = {}) {
      const out = original.call(this, source, userIndex, n, options);
      if (options.times) {
        for (let i = 0; i < n; i++) {
          const items = Array.from(out.subarray(i * length, (i + 1) * length)).filter((x) => x > 0).map((x) => x - 1);
          calls.push({ phase, user: userIndex(i), time: options.times[i]!, target: options.exclude ? options.exclude[i]! : -1, items });
        }
      }
      return out;
    });
    await fitRetrieval(rec, data, { epochs: 1, batchSize: 128 });
    phase = 'test';
    await evaluateRecommender(rec, data, { baselines: [], ks: [10] });
    rec.dispose();
  });

  it("a training example reads its user's last fit items before its own time, never its own item; validation reads fit items, the test training items, before the row's time", () => {
    const seen = { fit: 0, validation: 0, test: 0 };
    for (const c of calls) {
      const times = c.phase === 'test' ? trainTimes : fitTimes;
      const kind = c.phase === 'test' ? 'test' : c.target >= 0 ? 'fit' : 'validation';
      expect(c.items).not.toContain(c.target);
      for (const item of c.items) expect(times.get(`${c.user}:${item}`)!).toBeLessThan(c.time);
      // exactly the latest ones before the time: none left out is later than the earliest read
      const before = [...times].filter(([k, t]) => k.startsWith(`${c.user}:`) && t < c.time && Number(k.split(':')[1]) !== c.target);
      expect(c.items.length).toBe(Math.min(length, before.length));
      const earliest = Math.min(...c.items.map((item) => times.get(`${c.user}:${item}`)!));
      expect(before.filter(([k, t]) => t > earliest && !c.items.includes(Number(k.split(':')[1]))).length).toBe(0);
      seen[kind]++;
    }
    expect(seen.fit).toBe(data.fitRows.length);
    expect(seen.validation).toBeGreaterThan(0);
    expect(seen.test).toBeGreaterThan(0);
  });
});
