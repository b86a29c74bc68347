import { randomSplit, permutation, type Dataset, type Interactions } from '@twotower/data';
import { buildUserItemCsr } from '@twotower/eval';
import { movieLensCandidateSpecs, movieLensQuerySpecs, type FeatureSpec } from '@twotower/features';
import { Recommender, type Catalogue, type RecommenderSpec, type SeenItems, type UserInfo } from '@twotower/recommender';
import type { TrainConfig } from '../config/schema';

/** Everything training and evaluation need, derived once from the data and the config. */
export interface Prepared {
  dataset: Dataset;
  log: Interactions;
  numUsers: number;
  numItems: number;
  /** Seed-protocol split: training and test rows of `log`. */
  trainRows: Int32Array;
  testRows: Int32Array;
  /** Training rows the model learns from (training rows minus validation rows). */
  fitRows: Int32Array;
  /** Training rows held out for early stopping (may be empty). */
  validationRows: Int32Array;
  /** Items of each user among all training rows / among the fit rows. */
  seenTrain: SeenItems;
  seenFit: SeenItems;
  /** Training interactions per item. */
  popularity: Float32Array;
  fitPopularity: Float32Array;
  /** Timestamps of every row, NaN filled (features reject NaN). */
  timestamps: Float64Array;
  /** User id of every row (the query features' input). */
  rowUserIds: string[];
  recommender: Recommender;
  spec: RecommenderSpec;
}

function counts(items: Int32Array, rows: Int32Array, n: number): Float32Array {
  const c = new Float32Array(n);
  for (const r of rows) c[items[r]!]! += 1;
  return c;
}

/** The feature specs the config asks for (SPEC.md's model by default). */
export function featureSpecs(config: TrainConfig, hasTime: boolean): { query: FeatureSpec[]; candidate: FeatureSpec[] } {
  const f = config.features;
  const opts = { embeddingDim: f.embeddingDim, timestampBins: f.timestampBins, maxTitleTokens: f.maxTitleTokens };
  let query: FeatureSpec[] = movieLensQuerySpecs(opts);
  if (!f.timestamp || !hasTime) query = query.filter((s) => s.source !== 'timestamp');
  let candidate: FeatureSpec[] = movieLensCandidateSpecs(opts);
  if (!f.titleText) candidate = candidate.filter((s) => s.kind !== 'text');
  if (f.genres) {
    candidate = [...candidate, { name: 'genres', kind: 'text', source: 'genres', maxTokens: 1000, embeddingDim: f.embeddingDim, pooling: 'mean', standardize: 'none', description: "the item's genre combination (e.g. Animation|Children's|Comedy) as one token, embedded" } as FeatureSpec];
  }
  return { query, candidate };
}

/** Splits the data, fits the features on training data and creates the untrained model. */
export function prepare(dataset: Dataset, config: TrainConfig): Prepared {
  const log = dataset.interactions;
  const numUsers = log.userIds.length;
  const numItems = log.itemIds.length;
  const split = randomSplit(log, { trainFraction: config.split.trainFraction, seed: config.split.seed });
  const { trainRows, testRows } = split;
  let fitRows = trainRows;
  let validationRows = new Int32Array(0);
  if (config.split.validationFraction > 0) {
    const nVal = Math.max(1, Math.round(trainRows.length * config.split.validationFraction));
    const perm = permutation(trainRows.length, config.split.seed + 1);
    validationRows = Int32Array.from(perm.subarray(0, nVal), (p) => trainRows[p]!);
    fitRows = Int32Array.from(perm.subarray(nVal), (p) => trainRows[p]!);
  }
  const seenTrain = buildUserItemCsr(log.users, log.items, trainRows, numUsers, numItems);
  const seenFit = buildUserItemCsr(log.users, log.items, fitRows, numUsers, numItems);
  const popularity = counts(log.items, trainRows, numItems);
  const fitPopularity = counts(log.items, fitRows, numItems);

  // timestamps: NaN (absent) rows get the mean of the known ones
  let known = 0;
  let sum = 0;
  for (const t of log.timestamps) if (Number.isFinite(t)) { known++; sum += t; }
  const fill = known ? sum / known : 0;
  const timestamps = Float64Array.from(log.timestamps, (t) => (Number.isFinite(t) ? t : fill));
  const rowUserIds = Array.from(log.users, (u) => log.userIds[u]!);

  const lastTimestamp = new Float64Array(numUsers).fill(fill);
  const seenTime = new Uint8Array(numUsers);
  for (const r of trainRows) {
    const u = log.users[r]!;
    if (!seenTime[u] || timestamps[r]! > lastTimestamp[u]!) lastTimestamp[u] = timestamps[r]!;
    seenTime[u] = 1;
  }
  const catalogue: Catalogue = {
    ids: [...log.itemIds],
    titles: log.itemIds.map((id, i) => dataset.items?.titles[i] || `item ${id}`),
    genres: log.itemIds.map((_, i) => (dataset.items?.genres[i] ?? []).map((g) => dataset.items!.genreNames[g]!)),
  };
  const attributes: UserInfo['attributes'] = {};
  if (dataset.users) {
    attributes.age = Array.from(dataset.users.ages, (a) => (Number.isFinite(a) ? a : null));
    attributes.gender = [...dataset.users.genders];
    attributes.occupation = [...dataset.users.occupations];
  }
  const users: UserInfo = { ids: [...log.userIds], lastTimestamp, attributes };

  const specs = featureSpecs(config, known > 0);
  const spec: RecommenderSpec = {
    ...specs,
    model: {
      queryLayers: config.model.queryLayers,
      candidateLayers: config.model.candidateLayers,
      normalize: config.model.normalize,
      seed: config.model.seed,
      optimizer: { name: config.training.optimizer, learningRate: config.training.learningRate, weightDecay: config.training.weightDecay },
    },
    likedWeight: config.ranking.likedWeight,
  };
  // Features are fitted on every training row (validation rows included: they are training
  // data, only held out from the retrieval model's gradient steps), so that a refit on all
  // training rows and the ranking models share one set of vocabularies.
  const recommender = Recommender.create(
    spec,
    { users: Array.from(trainRows, (r) => rowUserIds[r]!), timestamps: Float64Array.from(trainRows, (r) => timestamps[r]!) },
    { catalogue, users, seen: seenTrain, popularity },
  );
  return { dataset, log, numUsers, numItems, trainRows, testRows, fitRows, validationRows, seenTrain, seenFit, popularity, fitPopularity, timestamps, rowUserIds, recommender, spec };
}

/**
 * The same preparation with every training row used for fitting and no validation rows, and
 * fresh towers: for the refit after early stopping. Features (fitted on all training rows) and
 * any ranking models are kept.
 */
export function forRefit(p: Prepared): Prepared {
  p.recommender.resetTwoTower();
  return { ...p, fitRows: p.trainRows, validationRows: new Int32Array(0), seenFit: p.seenTrain, fitPopularity: p.popularity };
}
