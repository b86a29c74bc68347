import { permutation, type Dataset, type Interactions, type ItemCatalogue } from '@twotower/data';
import { embedNewItems, type NewItem, type Recommender } from '@twotower/recommender';
import { chanceLevel } from './chance-level';
import { ContentSimilarity, datasetContent, type ContentSimilarityOptions } from './content-similarity';
import { perUserRanking, type RankingFigures } from './per-user-ranking';
import { trainingData, type TrainingData, type TrainingDataOptions } from './training-data';

/**
 * Trains a recommender for a cold-start protocol on the data set it is given (the protocol's
 * reduced data set, already split by `data`): create it with `createRecommender(dataset, data,
 * spec)` and fit it (`fitRetrieval(rec, data, ...)`). The protocol evaluates it, then disposes it.
 */
export type ColdStartTrain = (dataset: Dataset, data: TrainingData) => Promise<Recommender>;

/** Options of {@link coldItemSplit}. */
export interface ColdItemSplitOptions {
  /** Share of the items that have interactions held out entirely. Default 0.1. */
  fraction?: number;
  /** Seed of the choice of items. Default 42. */
  seed?: number;
}

/** A data set with a share of its items held out entirely (see {@link coldItemSplit}). */
export interface ColdItemSplit {
  /** The original data set. */
  original: Dataset;
  /**
   * The data set without the held-out items: their rows and their catalogue entries removed,
   * the other items re-indexed in their original order; users, their indices and their
   * tables unchanged. Train on this one.
   */
  dataset: Dataset;
  /** `[kept items]` original index of each item of `dataset`. */
  keptItems: Int32Array;
  /** Original indices of the held-out items, ascending. */
  heldOutItems: Int32Array;
  /** Rows of the original log with a held-out item (the test), ascending. */
  testRows: Int32Array;
  /** Items of the original log that have at least one interaction (what `fraction` is a share of). */
  itemsWithInteractions: number;
}

function checkFraction(name: string, fraction: number): void {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`${name}: fraction must be in (0, 1), got ${fraction}`);
}

/** The catalogue entries of `kept` (original indices), in that order. */
function subsetCatalogue(items: ItemCatalogue, kept: Int32Array): ItemCatalogue {
  const pick = <T>(values: readonly T[]): T[] => Array.from(kept, (j) => values[j]!);
  return {
    ...items,
    titles: pick(items.titles),
    genres: pick(items.genres),
    ...(items.attributes ? { attributes: items.attributes.map((c) => ({ ...c, values: Array.from(kept, (j) => c.values[j] ?? null) })) } : {}),
  };
}

/**
 * Holds out a seeded share of the items that have interactions entirely: every row with one of
 * them goes to the test, and the data set to train on has neither their rows nor their
 * catalogue entries — so the candidate features (item id vocabulary, title words) are fitted
 * without them and, after training, they embed only through `embedNewItems` (id at the OOV slot).
 */
export function coldItemSplit(dataset: Dataset, options: ColdItemSplitOptions = {}): ColdItemSplit {
  const fraction = options.fraction ?? 0.1;
  const seed = options.seed ?? 42;
  checkFraction('coldItemSplit', fraction);
  const log = dataset.interactions;
  const numItems = log.itemIds.length;
  const count = new Int32Array(numItems);
  for (let r = 0; r < log.length; r++) count[log.items[r]!]!++;
  const active: number[] = [];
  for (let j = 0; j < numItems; j++) if (count[j]! > 0) active.push(j);
  if (active.length < 2) throw new Error(`coldItemSplit: ${active.length} item(s) have interactions; holding some out needs at least 2`);
  const h = Math.min(active.length - 1, Math.max(1, Math.round(fraction * active.length)));
  const order = permutation(active.length, seed);
  const heldOut = new Uint8Array(numItems);
  for (let t = 0; t < h; t++) heldOut[active[order[t]!]!] = 1;
  const heldOutItems: number[] = [];
  const keptItems: number[] = [];
  const newIndex = new Int32Array(numItems).fill(-1);
  for (let j = 0; j < numItems; j++) {
    if (heldOut[j]) heldOutItems.push(j);
    else {
      newIndex[j] = keptItems.length;
      keptItems.push(j);
    }
  }
  const trainRows: number[] = [];
  const testRows: number[] = [];
  for (let r = 0; r < log.length; r++) (heldOut[log.items[r]!] ? testRows : trainRows).push(r);
  const n = trainRows.length;
  const reduced: Interactions = {
    length: n,
    users: Int32Array.from(trainRows, (r) => log.users[r]!),
    items: Int32Array.from(trainRows, (r) => newIndex[log.items[r]!]!),
    ratings: Float32Array.from(trainRows, (r) => log.ratings[r]!),
    timestamps: Float64Array.from(trainRows, (r) => log.timestamps[r]!),
    ...(log.weights ? { weights: Float32Array.from(trainRows, (r) => log.weights![r]!) } : {}),
    userIds: log.userIds,
    itemIds: keptItems.map((j) => log.itemIds[j]!),
  };
  const kept = Int32Array.from(keptItems);
  return {
    original: dataset,
    dataset: { ...dataset, name: `${dataset.name} (without ${h} held-out items)`, interactions: reduced, ...(dataset.items ? { items: subsetCatalogue(dataset.items, kept) } : {}) },
    keptItems: kept,
    heldOutItems: Int32Array.from(heldOutItems),
    testRows: Int32Array.from(testRows),
    itemsWithInteractions: active.length,
  };
}

/** The held-out items as new items for `embedNewItems`: id, title (the id when none, as the catalogue does), genre names, attributes. */
export function heldOutAsNewItems(split: ColdItemSplit): NewItem[] {
  const log = split.original.interactions;
  const items = split.original.items;
  return Array.from(split.heldOutItems, (j) => {
    const id = log.itemIds[j]!;
    const attributes: Record<string, string | number | null> = {};
    for (const c of items?.attributes ?? []) attributes[c.name] = c.values[j] ?? null;
    return {
      id,
      title: items?.titles[j] || id,
      genres: (items?.genres[j] ?? []).map((g) => items!.genreNames[g]!),
      ...(items?.attributes?.length ? { attributes } : {}),
    };
  });
}

/** Options of {@link evaluateColdItems}. */
export interface EvaluateColdItemsOptions {
  /** Cut-off K. Default 10. */
  k?: number;
  /** Seed of the rankings' tie-break. Default 42. */
  seed?: number;
  /** The content baseline's options. */
  content?: ContentSimilarityOptions;
  /** Told every ranked list (original item indices, best first): which ranking, which scorer, which user. */
  onList?: (ranking: 'heldOutOnly' | 'wholeCatalogue', scorer: 'model' | 'content', user: number, top: Int32Array) => void;
}

/** What a popularity baseline would say about items without interactions (printed instead of a figure). */
export const COLD_ITEM_POPULARITY_NOTE =
  'not applicable: the held-out items have no training interactions, so popularity gives them all 0 and cannot order them (in the whole catalogue it puts every one of them last)';

/** One ranking of {@link ColdItemReport}: the candidates and every scorer's figures. */
export interface ColdItemRanking {
  /** What is ranked. */
  candidates: string;
  model: RankingFigures;
  /** The content-only baseline ({@link ContentSimilarity}). */
  content: RankingFigures;
  /** A random order's exact expectation ({@link chanceLevel}). */
  random: RankingFigures;
  popularity: string;
}

/** The cold-item protocol's figures (see {@link evaluateColdItems}). */
export interface ColdItemReport {
  k: number;
  heldOut: { items: number; itemsWithInteractions: number; interactions: number; users: number };
  training: { items: number; trainRows: number; fitRows: number; validationRows: number };
  /** Each user ranks the held-out items only. */
  heldOutOnly: ColdItemRanking;
  /** Each user ranks every item (trained and held out) but its training items. */
  wholeCatalogue: ColdItemRanking & {
    /** Mean share of the top K that are held-out items: how often the scorer surfaces a cold item at all (a random order: held-out / candidates). */
    heldOutShareOfTopK: { model: number; content: number; random: number };
  };
}

/**
 * The cold-item protocol's evaluation: the held-out items embedded from their features
 * (`embedNewItems`: title, genres, attributes; id at the OOV slot); each user with a held-out
 * interaction queried as the model queries a known user (no time when trained with time
 * dropout; its training items as history) and ranking (1) the held-out items, (2) the whole
 * catalogue minus its training items; recall, nDCG and hit rate at K beside the content-only
 * baseline and a random order's expectation. Rows of the normal split's test part stay
 * candidates (neither excluded nor relevant).
 * @param rec trained on `split.dataset` with `data`
 * @param data the split of `split.dataset` the recommender was trained with (its training rows are each user's training items)
 */
export function evaluateColdItems(rec: Recommender, split: ColdItemSplit, data: TrainingData, options: EvaluateColdItemsOptions = {}): ColdItemReport {
  const k = options.k ?? 10;
  const seed = options.seed ?? 42;
  const log = split.original.interactions;
  const M = log.itemIds.length;
  const H = split.heldOutItems.length;
  if (rec.numItems !== split.keptItems.length) {
    throw new Error(`evaluateColdItems: the recommender has ${rec.numItems} items, the split's training catalogue ${split.keptItems.length}: train it on split.dataset`);
  }
  const dim = rec.dim;
  // every original item's vector: the trained ones from the catalogue, the held-out ones from their features
  const vectors = new Float32Array(M * dim);
  const trained = rec.embedItems();
  split.keptItems.forEach((j, i) => vectors.set(trained.subarray(i * dim, (i + 1) * dim), j * dim));
  const cold = embedNewItems(rec, heldOutAsNewItems(split));
  split.heldOutItems.forEach((j, c) => vectors.set(cold.subarray(c * dim, (c + 1) * dim), j * dim));
  const heldOutPosition = new Int32Array(M).fill(-1);
  split.heldOutItems.forEach((j, c) => (heldOutPosition[j] = c));

  // the users with a held-out interaction, their held-out items and their training items (original indices)
  const byUser = new Map<number, Set<number>>();
  for (const r of split.testRows) {
    const u = log.users[r]!;
    if (!byUser.has(u)) byUser.set(u, new Set());
    byUser.get(u)!.add(log.items[r]!);
  }
  const users = [...byUser.keys()].sort((a, b) => a - b);
  const relevant = users.map((u) => Int32Array.from(byUser.get(u)!).sort());
  const seen = data.seenTrain;
  const trainItems = users.map((u) => Int32Array.from(seen.items.subarray(seen.offsets[u]!, seen.offsets[u + 1]!), (i) => split.keptItems[i]!));
  const queries = rec.embedQueries(users.map((u) => log.userIds[u]!));
  const content = new ContentSimilarity(datasetContent(split.original), options.content);
  const profiles = trainItems.map((items) => content.profile(items));

  const dot = (i: number, j: number): number => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += queries[i * dim + d]! * vectors[j * dim + d]!;
    return s;
  };
  const all = Int32Array.from({ length: M }, (_, j) => j);

  // (1) the held-out items only (candidate c is held-out item heldOutItems[c])
  const heldRelevant = relevant.map((items) => Int32Array.from(items, (j) => heldOutPosition[j]!));
  const onHeld = (scorer: 'model' | 'content') => (options.onList ? (i: number, top: Int32Array) => options.onList!('heldOutOnly', scorer, users[i]!, Int32Array.from(top, (c) => split.heldOutItems[c]!)) : undefined);
  const heldOutOnly: ColdItemRanking = {
    candidates: `the ${H} held-out items`,
    model: perUserRanking({ numCandidates: H, relevant: heldRelevant, score: (i, out) => split.heldOutItems.forEach((j, c) => (out[c] = dot(i, j))) }, { k, seed, onList: onHeld('model') }),
    content: perUserRanking({ numCandidates: H, relevant: heldRelevant, score: (i, out) => content.scores(profiles[i]!, split.heldOutItems, out) }, { k, seed, onList: onHeld('content') }),
    random: chanceLevel(relevant.map((r) => ({ candidates: H, relevant: r.length })), k),
    popularity: COLD_ITEM_POPULARITY_NOTE,
  };

  // (2) the whole catalogue (candidate j is original item j) but the user's training items; a
  // user's list without a time reads the popularity lean, as served: a held-out item, like one
  // added after training, gets the catalogue's median lean
  const leaned = rec.popularityLean;
  const lean = new Float32Array(M).fill(leaned?.forNew ?? 0);
  if (leaned) split.keptItems.forEach((j, r) => (lean[j] = leaned.bias[r]!));
  const share = { model: [] as number[], content: [] as number[] };
  const onWhole = (scorer: 'model' | 'content') => (i: number, top: Int32Array) => {
    let cold = 0;
    for (const j of top) if (heldOutPosition[j]! >= 0) cold++;
    share[scorer].push(cold / k);
    options.onList?.('wholeCatalogue', scorer, users[i]!, top);
  };
  const problems = trainItems.map((t, i) => ({ candidates: M - t.length, relevant: relevant[i]!.length }));
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const wholeCatalogue: ColdItemReport['wholeCatalogue'] = {
    candidates: `all ${M} items (${M - H} trained, ${H} held out) but the user's training items`,
    model: perUserRanking(
      {
        numCandidates: M,
        relevant,
        exclude: trainItems,
        score: (i, out) => {
          for (let j = 0; j < M; j++) out[j] = dot(i, j) + lean[j]!;
        },
      },
      { k, seed, onList: onWhole('model') },
    ),
    content: perUserRanking({ numCandidates: M, relevant, exclude: trainItems, score: (i, out) => content.scores(profiles[i]!, all, out) }, { k, seed, onList: onWhole('content') }),
    random: chanceLevel(problems, k),
    popularity: COLD_ITEM_POPULARITY_NOTE,
    heldOutShareOfTopK: { model: mean(share.model), content: mean(share.content), random: mean(problems.map((p) => (Math.min(k, p.candidates) * H) / (p.candidates * k))) },
  };
  return {
    k,
    heldOut: { items: H, itemsWithInteractions: split.itemsWithInteractions, interactions: split.testRows.length, users: users.length },
    training: { items: split.keptItems.length, trainRows: data.trainRows.length, fitRows: data.fitRows.length, validationRows: data.validationRows.length },
    heldOutOnly,
    wholeCatalogue,
  };
}

/** Options of {@link runColdItemProtocol}. */
export interface ColdItemProtocolOptions extends ColdItemSplitOptions, EvaluateColdItemsOptions {
  /** The normal split of the remaining rows (train / validation / test). Default `trainingData`'s. */
  split?: TrainingDataOptions;
}

/**
 * The cold-item protocol end to end: {@link coldItemSplit}, the normal split of the rest
 * (`trainingData`), `train` on it, {@link evaluateColdItems}; the recommender is disposed after.
 */
export async function runColdItemProtocol(dataset: Dataset, train: ColdStartTrain, options: ColdItemProtocolOptions = {}): Promise<ColdItemReport> {
  const split = coldItemSplit(dataset, options);
  const data = trainingData(split.dataset.interactions, options.split);
  const rec = await train(split.dataset, data);
  try {
    return evaluateColdItems(rec, split, data, options);
  } finally {
    rec.dispose();
  }
}
