/**
 * Test fixtures: three small artifacts (made once per jest run by global-setup.ts), a
 * deterministic fake ranking model, and helpers to compute answers straight from the towers.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ItemItemReranker, ItemItemWeights, type ItemItemRerankInfo, type Ranker } from '@twotower/recommender';
import { loadServingModel, type LoadModelOptions, type ServingModel } from '../model/serving-model';

export const FIXTURE_ENV = 'TWOTOWER_SERVING_TEST_DIR';

/** The directory global-setup trained the fixtures into. */
export function fixtureRoot(): string {
  const dir = process.env[FIXTURE_ENV];
  if (!dir) throw new Error(`${FIXTURE_ENV} is unset: run these tests through jest (jest.config.js has the global setup)`);
  return dir;
}

/** Model A (the one served first) and model B (a differently seeded one to swap in). */
export const modelA = () => join(fixtureRoot(), 'model-a');
export const modelB = () => join(fixtureRoot(), 'model-b');
/** Model H: like A, but its query tower also reads the user's history (8 items, 8-wide embeddings). */
export const modelH = () => join(fixtureRoot(), 'model-h');
/** Model N: model A (same seed) plus the named sets `item2vec` and `users` and segmentations of `candidates`, `item2vec`, `users` (see `named-sets-fixture.ts`). */
export const modelN = () => join(fixtureRoot(), 'model-n');
/** History input and a user file (age, occupation) its query tower reads. */
export const modelU = () => join(fixtureRoot(), 'model-u');
/** A recent history (the last 4 training items before the query's time; time dropout 0.5). */
export const modelR = () => join(fixtureRoot(), 'model-r');

/** A copy of model B with one byte of its weights flipped: refused by checksum (made in the fixture folder, which the global teardown removes). */
export function corruptedCopy(): string {
  const dir = join(mkdtempSync(join(fixtureRoot(), 'bad-')), 'model');
  cpSync(modelB(), dir, { recursive: true });
  const f = join(dir, 'two-tower.bin');
  const b = readFileSync(f);
  b[10] = b[10]! ^ 0x55;
  writeFileSync(f, b);
  return dir;
}

/** Ranking score of the fake ranker: a fixed pseudo-random function of the item index. */
export function fakeRankScore(item: number): number {
  return ((item * 7919) % 97) / 97;
}

/** Predicted rating of the fake ranker's liked scorer: another fixed function of the item index. */
export function fakeLikedRating(item: number): number {
  return 1 + (item % 5);
}

/** A deterministic ranking model for tests (its order differs from the two-tower order). */
export const fakeRanker: Ranker = {
  kind: 'probability',
  scorePairs: (_users, items) => Float32Array.from({ length: items.length }, (_, i) => fakeRankScore(items[i]!)),
  liked: { kind: 'rating', sameAsScorePairs: false, score: (_users, items) => Float32Array.from({ length: items.length }, (_, i) => fakeLikedRating(items[i]!)) },
};

/** Loads a fixture with the fake ranker attached (or with no ranker at all). */
export function loadWithRanker(ranker: Ranker | undefined, extra: LoadModelOptions = {}) {
  return (dir: string): Promise<ServingModel> =>
    loadServingModel(dir, {
      ...extra,
      prepare: (rec) => {
        rec.models.setRanker(ranker);
      },
    });
}

/** Dot products of `query` [dim] with every row of `rows` [n × dim]. */
export function dots(query: Float32Array, rows: Float32Array, dim: number): Float64Array {
  const n = rows.length / dim;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += query[j]! * rows[r * dim + j]!;
    out[r] = s;
  }
  return out;
}

/** Indices 0..n-1 not in `skip`, sorted by score descending, the top k. */
export function topK(scores: ArrayLike<number>, k: number, skip: (i: number) => boolean = () => false): number[] {
  return Array.from({ length: scores.length }, (_, i) => i)
    .filter((i) => !skip(i))
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .slice(0, k);
}

/** `[n × n]` planted item-item weights: a fixed pseudo-random function of (i, j) in [-1, 1]. */
export function plantedItemItemDense(n: number): Float32Array {
  return Float32Array.from({ length: n * n }, (_, e) => ((((Math.floor(e / n) * 37 + (e % n) * 11 + 5) * 7919) % 101) / 50) - 1);
}

/** The planted weights for `n` items as an item-item stage, every neighbour kept (λ 500 as a label only). */
export function plantedItemItemStage(n: number, info: Pick<ItemItemRerankInfo, 'weight' | 'coldHistory'>): ItemItemReranker {
  return new ItemItemReranker(ItemItemWeights.fromDense(plantedItemItemDense(n), n, n - 1), { lambda: 500, neighbours: n - 1, ...info });
}
