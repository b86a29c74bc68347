import type { EmbeddingSetFigures } from '@twotower/artifact';
import { cosineSimilarity, EaseBaseline, easeSimilarity, evaluateItemToItem, neighbourGenreAgreement, type ItemSimilarity } from '@twotower/eval';
import type { ProgressCallback } from '@twotower/utils';
import type { TrainingData } from '../training-data';
import type { LearnedEmbeddingSet } from './learned-set';
import { parallelMatMulF32 } from '../linalg/parallel-matmul';

/** Options of {@link compareItemSets}. */
export interface CompareItemSetsOptions {
  /** `[numItems]` each item's labels (genres, categories): the neighbours' agreement is measured on them. Empty lists: not counted. */
  labels: readonly (readonly string[])[];
  /** List length K and neighbours checked. Default 10. */
  k?: number;
  /** EASE's item-item weights as the baseline row: a fitted `EaseBaseline`, `false` for none, or fitted here on the training rows with `easeLambda`. */
  ease?: EaseBaseline | false;
  /** λ of the EASE fitted here. Default 500. */
  easeLambda?: number;
  /** Told `(done, total)` sets compared. */
  onProgress?: ProgressCallback;
}

async function figures(name: string, method: string, dim: number, seconds: number, sim: ItemSimilarity, data: TrainingData, options: CompareItemSetsOptions): Promise<EmbeddingSetFigures> {
  const k = options.k ?? 10;
  // a catalogue without genres (or categories) has no agreement to measure
  const genres = options.labels.some((l) => l.length > 0) ? neighbourGenreAgreement(sim, options.labels, { k }) : undefined;
  const i2i = await evaluateItemToItem(sim, { train: { interactions: data.log, rows: data.trainRows, numUsers: data.numUsers }, test: { interactions: data.log, rows: data.testRows } }, { k });
  return {
    name,
    method,
    dim,
    seconds: +seconds.toFixed(2),
    items: sim.numItems - (sim.missingCount ?? 0),
    ...(genres ? { genreAgreement: genres.agreement, genreAgreementChance: genres.chance } : {}),
    [`recall@${k}`]: i2i.recall,
    [`ndcg@${k}`]: i2i.ndcg,
    [`coverage@${k}`]: i2i.coverage,
  };
}

/**
 * Compares item embedding sets as the item2vec paper and a recommender would: for each set (and
 * EASE's item-item weights as the baseline), the genre agreement of every item's k nearest
 * neighbours by cosine (beside chance; when the items have labels), and the set used as an item-to-item recommender — a
 * user's score for an item is the sum of its similarities to the user's training items —
 * measured on the test rows with training items excluded (per-user recall@k and nDCG@k, as the
 * two-tower's own per-user figures), and catalogue coverage@k. Items without a vector (all-zero
 * rows) are neither neighbours nor recommended.
 * @param sets item sets (`of: 'items'`, one row per catalogue item in catalogue order)
 */
export async function compareItemSets(data: TrainingData, sets: readonly LearnedEmbeddingSet[], options: CompareItemSetsOptions): Promise<EmbeddingSetFigures[]> {
  const items = sets.filter((s) => s.of === 'items');
  for (const s of items) {
    if (s.vectors.length !== data.numItems * s.dim) throw new RangeError(`embedding set "${s.name}" has ${s.vectors.length / s.dim} rows; compareItemSets needs one per catalogue item (${data.numItems})`);
  }
  const total = items.length + (options.ease === false ? 0 : 1);
  let done = 0;
  const out: EmbeddingSetFigures[] = [];
  for (const s of items) {
    out.push(await figures(s.name, s.method, s.dim, s.seconds, cosineSimilarity(s.vectors, s.dim), data, options));
    options.onProgress?.(++done, total);
  }
  if (options.ease !== false) {
    const t0 = performance.now();
    const lambda = options.easeLambda ?? 500;
    const ease = options.ease ?? EaseBaseline.fit(data.log, data.trainRows, data.numUsers, data.numItems, { lambda, matmul: parallelMatMulF32 });
    const seconds = options.ease ? 0 : (performance.now() - t0) / 1000;
    out.push(await figures(`ease`, `EASE item-item weights (lambda ${ease.lambda})`, data.numItems, seconds, easeSimilarity(ease), data, options));
    options.onProgress?.(total, total);
  }
  return out;
}
