import { filterRows, permutation, type Dataset } from '@twotower/data';
import { EaseBaseline } from '@twotower/eval';
import { ItemItemWeights, popularByHistory, type Recommender } from '@twotower/recommender';
import { chanceLevel } from './chance-level';
import type { ColdStartTrain } from './cold-items';
import { perUserRanking, type RankingFigures } from './per-user-ranking';
import { trainingData, type TrainingData, type TrainingDataOptions } from './training-data';
import { parallelMatMulF32 } from './linalg/parallel-matmul';
import { byTime } from './by-time';

/** Options of {@link coldUserSplit}. */
export interface ColdUserSplitOptions {
  /** Share of the users that have interactions held out. Default 0.1. */
  fraction?: number;
  /** Interactions of each held-out user given at evaluation (its first by time). Default 5. */
  given?: number;
  /** Seed of the choice of users. Default 42. */
  seed?: number;
}

/** A data set with a share of its users held out (see {@link coldUserSplit}). */
export interface ColdUserSplit {
  original: Dataset;
  /**
   * The data set without the held-out users' rows. Its id tables, catalogue and user table are
   * the original's (indices mean the same), but as no training row has a held-out user, their
   * ids are not in the query features' vocabulary: they read the OOV slot.
   */
  dataset: Dataset;
  /** Held-out users (user indices), ascending. */
  coldUsers: Int32Array;
  /** Per held-out user (as `coldUsers`): the rows of its first `given` interactions by time (ties by row), oldest first — its history at evaluation. */
  givenRows: Int32Array[];
  /** Per held-out user: the rest of its rows, the test. */
  testRows: Int32Array[];
  /** Users of the original log that have at least one interaction (what `fraction` is a share of). */
  usersWithInteractions: number;
  given: number;
}

/**
 * Holds out a seeded share of the users that have interactions: none of their rows is trained
 * on; at evaluation each gets its first `given` interactions (by time) as a history and is
 * tested on the rest.
 */
export function coldUserSplit(dataset: Dataset, options: ColdUserSplitOptions = {}): ColdUserSplit {
  const fraction = options.fraction ?? 0.1;
  const given = options.given ?? 5;
  const seed = options.seed ?? 42;
  if (!(fraction > 0 && fraction < 1)) throw new Error(`coldUserSplit: fraction must be in (0, 1), got ${fraction}`);
  if (!(Number.isInteger(given) && given >= 1)) throw new Error(`coldUserSplit: given must be a positive integer, got ${given}`);
  const log = dataset.interactions;
  const numUsers = log.userIds.length;
  const rowsOf: number[][] = Array.from({ length: numUsers }, () => []);
  for (let r = 0; r < log.length; r++) rowsOf[log.users[r]!]!.push(r);
  const active: number[] = [];
  for (let u = 0; u < numUsers; u++) if (rowsOf[u]!.length > 0) active.push(u);
  if (active.length < 2) throw new Error(`coldUserSplit: ${active.length} user(s) have interactions; holding some out needs at least 2`);
  const h = Math.min(active.length - 1, Math.max(1, Math.round(fraction * active.length)));
  const order = permutation(active.length, seed);
  const cold = new Uint8Array(numUsers);
  for (let t = 0; t < h; t++) cold[active[order[t]!]!] = 1;
  const coldUsers: number[] = [];
  for (let u = 0; u < numUsers; u++) if (cold[u]) coldUsers.push(u);
  const oldestFirst = byTime(log.timestamps);
  const givenRows: Int32Array[] = [];
  const testRows: Int32Array[] = [];
  for (const u of coldUsers) {
    const rows = rowsOf[u]!.sort(oldestFirst);
    givenRows.push(Int32Array.from(rows.slice(0, given)));
    testRows.push(Int32Array.from(rows.slice(given)));
  }
  return {
    original: dataset,
    dataset: { ...dataset, name: `${dataset.name} (without ${h} held-out users)`, interactions: filterRows(log, (r) => cold[log.users[r]!] === 0) },
    coldUsers: Int32Array.from(coldUsers),
    givenRows,
    testRows,
    usersWithInteractions: active.length,
    given,
  };
}

/** The scorers of {@link evaluateColdUsers}. */
export type ColdUserScorer = 'model' | 'modelWithoutHistory' | 'popularity' | 'ease' | 'popularityItemItem';

/** Options of {@link evaluateColdUsers}. */
export interface EvaluateColdUsersOptions {
  /** Cut-off K. Default 10. */
  k?: number;
  /** Seed of the rankings' tie-break. Default 42. */
  seed?: number;
  /** EASE's λ. Default 500. */
  easeLambda?: number;
  /**
   * The popular items re-ordered by the given items (`popularByHistory` on EASE's weights, the
   * answer the trainer may choose for such users): weight and candidates. Default: the
   * recommender's item-item stage's `coldHistory` when it has one, else weight 0.5 over 100.
   */
  popularityItemItem?: { weight: number; candidates: number };
  /** Told every ranked list (item indices, best first): which scorer, which user. */
  onList?: (scorer: ColdUserScorer, user: number, top: Int32Array) => void;
}

/** The cold-user protocol's figures (see {@link evaluateColdUsers}). */
export interface ColdUserReport {
  k: number;
  /** Interactions given per held-out user. */
  given: number;
  heldOut: { users: number; usersWithInteractions: number; givenInteractions: number; testInteractions: number; evaluated: number };
  /** `users`: users with training rows. */
  training: { users: number; trainRows: number; fitRows: number; validationRows: number };
  /** What each user ranks. */
  candidates: string;
  /** The towers: the user's id at the OOV slot, its given items as the history, no time. */
  model: RankingFigures;
  /**
   * The towers with the OOV id and an empty history (no time): what the model answers for a user
   * it knows nothing about — the reference that tells whether the given items helped.
   */
  modelWithoutHistory: RankingFigures;
  /** Training interaction counts (the same list for every user, its given items left out). */
  popularity: RankingFigures;
  /** EASE's B fitted on the training rows; the user's scores are the indicator of its given items · B. */
  ease: RankingFigures;
  /** The most popular items (training rows) re-ordered by the given items' EASE scores (`popularByHistory`, B kept to 200 neighbours per item as the served stage), and the weight and candidates used. */
  popularityItemItem: RankingFigures & { weight: number; candidates: number };
  random: RankingFigures;
}

/**
 * The cold-user protocol's evaluation: each held-out user is queried by an id the model never
 * trained on (OOV slot), with its given interactions as the history (`embedQueries(ids,
 * undefined, histories)`: no time with time dropout), and ranks every item but the given ones;
 * recall, nDCG and hit rate at K on its other interactions (one of them that is also a given
 * item cannot count), beside the towers without the history (OOV id alone), popularity and EASE
 * scored from the same given items, and a random order's expectation.
 * @param rec trained on `split.dataset` with `data`. A query tower that reads no history answers
 *   every held-out user as a user it never saw (its `model` row is then `modelWithoutHistory`'s).
 */
export function evaluateColdUsers(rec: Recommender, split: ColdUserSplit, data: TrainingData, options: EvaluateColdUsersOptions = {}): ColdUserReport {
  const k = options.k ?? 10;
  const seed = options.seed ?? 42;
  const log = split.original.interactions;
  const n = log.itemIds.length;
  if (rec.numItems !== n) throw new Error(`evaluateColdUsers: the recommender has ${rec.numItems} items, the data set ${n}: train it on split.dataset`);
  const itemsOf = (rows: Int32Array) => Int32Array.from(rows, (r) => log.items[r]!);
  const given = split.givenRows.map(itemsOf);
  const relevant = split.testRows.map(itemsOf);
  const ids = Array.from(split.coldUsers, (u) => log.userIds[u]!);
  const dim = rec.dim;
  // asked as serving asks a stranger with a history and no time (now, when the history is a recent one)
  const queries = ids.length > 0 ? rec.embedQueries(ids, Float64Array.from(ids, (id) => rec.givenHistoryTime(id)), given) : new Float32Array(0);
  // a tower that reads no history ignored the given items: its queries are already the strangers'
  const blank = ids.length > 0 && rec.historyLength > 0 ? rec.embedQueries(ids, undefined, ids.map(() => [])) : queries;
  const items = rec.embedItems();
  const ease = EaseBaseline.fit({ users: data.log.users, items: data.log.items }, data.trainRows, data.numUsers, data.numItems, { lambda: options.easeLambda ?? 500, matmul: parallelMatMulF32 });
  const B = ease.weights;
  const input = { numCandidates: n, relevant, exclude: given };
  const list = (scorer: ColdUserScorer) => (options.onList ? (i: number, top: Int32Array) => options.onList!(scorer, split.coldUsers[i]!, top) : undefined);
  // a stranger is queried without a time: with the popularity lean, as serving answers it
  const lean = rec.popularityLean?.bias;
  const towers = (q: Float32Array) => (i: number, out: Float32Array) => {
    for (let j = 0; j < n; j++) {
      let s = lean ? lean[j]! : 0;
      for (let d = 0; d < dim; d++) s += q[i * dim + d]! * items[j * dim + d]!;
      out[j] = s;
    }
  };
  const model = perUserRanking({ ...input, score: towers(queries) }, { k, seed, onList: list('model') });
  const modelWithoutHistory = perUserRanking({ ...input, score: towers(blank) }, { k, seed, onList: list('modelWithoutHistory') });
  const popularity = perUserRanking({ ...input, score: (_, out) => out.set(data.popularity) }, { k, seed, onList: list('popularity') });
  const easeFigures = perUserRanking(
    {
      ...input,
      score: (i, out) => {
        out.fill(0);
        for (const h of new Set(given[i]!)) for (let j = 0; j < n; j++) out[j]! += B[h * n + j]!;
      },
    },
    { k, seed, onList: list('ease') },
  );
  const cold = options.popularityItemItem ?? rec.itemItem?.info.coldHistory ?? { weight: 0.5, candidates: 100 };
  // kept to 200 neighbours per item, as the item-item stage that serves this answer keeps them (fitItemItem's default)
  const sparse = ItemItemWeights.fromDense(B, n, Math.min(n - 1, 200));
  const popularityItemItem = perUserRanking(
    {
      ...input,
      score: (i, out) => {
        out.fill(NaN);
        const { items: found, scores } = popularByHistory(sparse, data.popularity, given[i]!, { ...cold, exclude: given[i]! });
        found.forEach((j, r) => (out[j] = scores[r]!));
      },
    },
    { k, seed, onList: list('popularityItemItem') },
  );
  const problems = relevant.map((rel, i) => {
    const g = new Set(given[i]!);
    return { candidates: n - g.size, relevant: new Set([...rel].filter((j) => !g.has(j))).size };
  });
  return {
    k,
    given: split.given,
    heldOut: {
      users: split.coldUsers.length,
      usersWithInteractions: split.usersWithInteractions,
      givenInteractions: given.reduce((s, g) => s + g.length, 0),
      testInteractions: relevant.reduce((s, r) => s + r.length, 0),
      evaluated: model.users,
    },
    training: { users: new Set(Array.from(data.trainRows, (r) => data.log.users[r]!)).size, trainRows: data.trainRows.length, fitRows: data.fitRows.length, validationRows: data.validationRows.length },
    candidates: `all ${n} items but the user's ${split.given} given ones`,
    model,
    modelWithoutHistory,
    popularity,
    ease: easeFigures,
    popularityItemItem: { ...popularityItemItem, ...cold },
    random: chanceLevel(problems, k),
  };
}

/** Options of {@link runColdUserProtocol}. */
export interface ColdUserProtocolOptions extends ColdUserSplitOptions, EvaluateColdUsersOptions {
  /** The normal split of the remaining users' rows (train / validation / test). Default `trainingData`'s. */
  split?: TrainingDataOptions;
}

/**
 * The cold-user protocol end to end: {@link coldUserSplit}, the normal split of the other
 * users' rows (`trainingData`), `train` on it, {@link evaluateColdUsers}; the recommender is
 * disposed after.
 */
export async function runColdUserProtocol(dataset: Dataset, train: ColdStartTrain, options: ColdUserProtocolOptions = {}): Promise<ColdUserReport> {
  const split = coldUserSplit(dataset, options);
  const data = trainingData(split.dataset.interactions, options.split);
  const rec = await train(split.dataset, data);
  try {
    return evaluateColdUsers(rec, split, data, options);
  } finally {
    rec.dispose();
  }
}
