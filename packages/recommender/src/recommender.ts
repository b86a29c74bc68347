import { FeatureSet, type FeatureSpec, type FeatureSetJSON } from '@twotower/features';
import { TwoTowerModel, RankingModel, type TowerBatch, type TowerInputSpec, type SparseOptimizerOptions, type RankingConfig } from '@twotower/towers';
import { ModelRanker } from './model-ranker';
import type { RankingEnsembleOptions } from './ranking-ensemble';
import { MODEL_FILES, MODEL_WEIGHTS, openArtifact, rankingWeights, weightFiles, type Artifact, type ModelDirectoryWriter } from '@twotower/artifact';
import { gatherTowerBatch, toTowerBatch, towerInputsFromFeatures } from './tower-specs';
import { RatingStatistics, RATING_FEATURE_WIDTH, type RatingStatisticsJSON } from './rating-statistics';

/** The items a recommender ranks; entry j describes item index j. */
export interface Catalogue {
  ids: string[];
  titles: string[];
  /** Genre names of each item (may be empty). */
  genres: string[][];
}

/** The users known at training time; entry u describes user index u. */
export interface UserInfo {
  ids: string[];
  /** Latest training timestamp of each user (the default query time when a request has none). */
  lastTimestamp: Float64Array;
  /** Optional per-user attributes for reports (age, occupation...). */
  attributes?: Record<string, (string | number | null)[]>;
}

/** Items per user (CSR): user u's items are `items[offsets[u] .. offsets[u+1])`, sorted. */
export interface SeenItems {
  offsets: Int32Array;
  items: Int32Array;
}

/** Model options of a {@link RecommenderSpec}. */
export interface RecommenderModelOptions {
  /** Query tower MLP. Default [32]. */
  queryLayers?: number[];
  /** Candidate tower MLP. Default [32]. */
  candidateLayers?: number[];
  /** L2-normalise both towers' outputs. Default false. */
  normalize?: boolean;
  /** Optimiser of both towers. Default Adagrad, lr 0.1. */
  optimizer?: SparseOptimizerOptions;
  /** Seed of the initial weights. Default 0. */
  seed?: number;
}

/**
 * What a recommender is made of before fitting: the query features (sources `user`,
 * `timestamp`), the candidate features (sources `item`, `title`, `genres`), and the towers.
 */
export interface RecommenderSpec {
  query: FeatureSpec[];
  candidate: FeatureSpec[];
  model: RecommenderModelOptions;
  /**
   * The ranking model's options once {@link Recommender.addRankingModel} has been called, or
   * the members' options once {@link Recommender.addRankingEnsemble} has.
   */
  ranking?: RankingOptions | RankingOptions[];
  /** How the members of a ranking ensemble combine (see {@link Recommender.addRankingEnsemble}). */
  rankingEnsemble?: RankingEnsembleOptions;
  /** The engagement model's options (see {@link Recommender.addRankingModel}), when there is one. */
  engagement?: RankingOptions;
  /**
   * With both models, the ranker scores P(interaction) × P(liked)^likedWeight: 0 re-ranks by
   * engagement alone, 1 by the probability of an interaction that is liked. Default 0.
   */
  likedWeight?: number;
}

/** Options of a ranking model: {@link RankingConfig} without the inputs (they come from the features). */
export interface RankingOptions extends Omit<RankingConfig, 'query' | 'candidate'> {
  /**
   * What the model reads:
   * - `'features'` (default): the towers' features (ids, tokens, time), with embeddings of its own;
   * - `'retrieval'`: only numbers about the pair: the retrieval model's score (`retrieval_score`),
   *   the item's log training popularity (`log_popularity`) and the user's log activity
   *   (`log_activity`) — few parameters, so it can be trained on few held-out interactions;
   * - `'both'`: the features and those numbers;
   * - `'statistics'`: only the user's and the item's rating statistics of the training rows
   *   (`user_rating_stats`, `item_rating_stats`: shrunk mean rating, shrunk share of liked
   *   ratings, log count; see {@link RatingStatistics.features}) — needs
   *   {@link Recommender.ratingStatistics};
   * - `'features+statistics'`: the features and those statistics;
   * - `'all'`: the features, the retrieval numbers and the statistics.
   */
  inputs?: RankingInputs;
  /**
   * The tower features it reads, by name (e.g. `['user_id', 'title_id']`), when its inputs
   * read features. Default: every feature of both towers.
   */
  features?: string[];
}

/** See {@link RankingOptions.inputs}. */
export type RankingInputs = 'features' | 'retrieval' | 'both' | 'statistics' | 'features+statistics' | 'all';

/** Every {@link RankingInputs} value. */
export const RANKING_INPUTS: readonly RankingInputs[] = ['features', 'retrieval', 'both', 'statistics', 'features+statistics', 'all'];

/** What a {@link RankingInputs} value reads: tower features, retrieval numbers, rating statistics. */
export function rankingInputParts(inputs: RankingInputs): { features: boolean; retrieval: boolean; statistics: boolean } {
  if (!RANKING_INPUTS.includes(inputs)) throw new Error(`ranking inputs must be one of ${RANKING_INPUTS.join(', ')}; got ${JSON.stringify(inputs)}`);
  return {
    features: inputs === 'features' || inputs === 'both' || inputs === 'features+statistics' || inputs === 'all',
    retrieval: inputs === 'retrieval' || inputs === 'both' || inputs === 'all',
    statistics: inputs === 'statistics' || inputs === 'features+statistics' || inputs === 'all',
  };
}

/** Names of the rating-statistics inputs (query side, candidate side), each {@link RATING_FEATURE_WIDTH} wide. */
export const STATISTICS_INPUTS = { query: 'user_rating_stats', candidate: 'item_rating_stats' } as const;

/** Numeric candidate inputs of the `'retrieval'` inputs. */
export const RETRIEVAL_FEATURE_INPUTS = ['retrieval_score', 'log_popularity'] as const;

/**
 * Scores (user, item) pairs with a ranking model, for re-ranking retrieved candidates.
 * Higher is better (a probability of "liked", or a predicted rating).
 */
export interface Ranker {
  /** What the score means: `'probability'` (of rating >= threshold) or `'rating'`. */
  readonly kind: 'probability' | 'rating';
  /**
   * @param users user id of each pair
   * @param items item index of each pair
   * @param timestamps query time of each pair (default: each user's latest training time)
   * @returns [pairs] scores
   */
  scorePairs(users: ArrayLike<string>, items: ArrayLike<number>, timestamps?: ArrayLike<number>): Float32Array;
  /**
   * "Will the user like it?" from the ranking models alone — P(liked | rated), or the predicted
   * rating — even where {@link scorePairs} orders by engagement. Absent without ranking models.
   */
  readonly liked?: LikedScorer;
}

/** Scores pairs by the ranking models alone (see {@link Ranker.liked}). */
export interface LikedScorer {
  /** `'probability'` of a rating >= the liked threshold, or a predicted `'rating'`. */
  readonly kind: 'probability' | 'rating';
  /**
   * True when {@link Ranker.scorePairs} returns these very scores (there is no engagement
   * model): a caller that wants both computes one.
   */
  readonly sameAsScorePairs: boolean;
  /** Same arguments as {@link Ranker.scorePairs}; returns [pairs]. */
  score(users: ArrayLike<string>, items: ArrayLike<number>, timestamps?: ArrayLike<number>): Float32Array;
}

/** Parts of a {@link Recommender}. */
export interface RecommenderParts {
  spec: RecommenderSpec;
  queryFeatures: FeatureSet;
  candidateFeatures: FeatureSet;
  model: TwoTowerModel;
  catalogue: Catalogue;
  users: UserInfo;
  seen: SeenItems;
  /** Training interactions per item. */
  popularity: Float32Array;
  /** The ranking model, when the artifact has one. */
  ranker?: Ranker;
  /** Rating statistics of the training rows (for the `'statistics'` ranking inputs), when known. */
  ratingStatistics?: RatingStatistics;
}

function candidateColumns(c: Catalogue) {
  return { item: c.ids, title: c.titles, genres: c.genres.map((g) => g.join('|')) };
}

/**
 * A two-tower recommender with everything needed to use it by original ids: fitted features,
 * towers, catalogue, users, their training items and item popularity.
 */
export class Recommender {
  readonly spec: RecommenderSpec;
  readonly queryFeatures: FeatureSet;
  readonly candidateFeatures: FeatureSet;
  /** The two towers (replaced by {@link resetTwoTower}). */
  model: TwoTowerModel;
  readonly catalogue: Catalogue;
  readonly users: UserInfo;
  readonly seen: SeenItems;
  readonly popularity: Float32Array;
  /**
   * Per-user and per-item rating statistics of the training rows, read by the `'statistics'`,
   * `'features+statistics'` and `'all'` ranking inputs; saved with the recommender. Set it
   * (`RatingStatistics.fit(...)`) before adding a ranking model that reads it.
   */
  ratingStatistics: RatingStatistics | undefined;
  /** The ranking model, when trained (undefined otherwise: re-ranking is unavailable). */
  ranker: Ranker | undefined;
  /**
   * The ranking models behind {@link ranker} (P(liked | rated), or the rating): one, or the
   * members of an ensemble; empty when there is none.
   */
  rankingModels: RankingModel[];
  /** The optional engagement model behind {@link ranker} (P(interaction) among retrieved candidates). */
  engagementModel: RankingModel | undefined;
  private readonly itemIdx: Map<string, number>;
  private readonly userIdx: Map<string, number>;
  private allCandidates: TowerBatch | undefined;

  constructor(parts: RecommenderParts) {
    this.spec = parts.spec;
    this.queryFeatures = parts.queryFeatures;
    this.candidateFeatures = parts.candidateFeatures;
    this.model = parts.model;
    this.catalogue = parts.catalogue;
    this.users = parts.users;
    this.seen = parts.seen;
    this.popularity = parts.popularity;
    this.ranker = parts.ranker;
    this.ratingStatistics = parts.ratingStatistics;
    this.rankingModels = [];
    this.engagementModel = undefined;
    this.itemIdx = new Map(parts.catalogue.ids.map((id, i) => [id, i]));
    this.userIdx = new Map(parts.users.ids.map((id, i) => [id, i]));
  }

  /**
   * Fits the features (query features on the training rows, candidate features on the
   * catalogue) and creates untrained towers of matching sizes.
   * @param train the training rows' user ids and timestamps
   */
  static create(
    spec: RecommenderSpec,
    train: { users: ArrayLike<string>; timestamps: ArrayLike<number> },
    parts: Pick<RecommenderParts, 'catalogue' | 'users' | 'seen' | 'popularity'>,
  ): Recommender {
    const queryFeatures = FeatureSet.fit(spec.query, { user: train.users, timestamp: train.timestamps });
    const candidateFeatures = FeatureSet.fit(spec.candidate, candidateColumns(parts.catalogue));
    const model = Recommender.twoTower(spec, queryFeatures, candidateFeatures);
    return new Recommender({ spec, queryFeatures, candidateFeatures, model, ...parts });
  }

  private static twoTower(spec: RecommenderSpec, queryFeatures: FeatureSet, candidateFeatures: FeatureSet): TwoTowerModel {
    return new TwoTowerModel({
      query: { inputs: towerInputsFromFeatures(queryFeatures), layers: spec.model.queryLayers ?? [32], normalize: spec.model.normalize ?? false },
      candidate: { inputs: towerInputsFromFeatures(candidateFeatures), layers: spec.model.candidateLayers ?? [32], normalize: spec.model.normalize ?? false },
      optimizer: spec.model.optimizer,
      seed: spec.model.seed ?? 0,
    });
  }

  /**
   * Replaces the two towers with fresh, untrained ones of the same configuration (same fitted
   * features): to train again from scratch, e.g. on more rows, keeping the ranking models.
   */
  resetTwoTower(): TwoTowerModel {
    this.model.dispose();
    this.model = Recommender.twoTower(this.spec, this.queryFeatures, this.candidateFeatures);
    return this.model;
  }

  /**
   * The inputs of a ranking model for (user, item) pairs (see {@link RankingOptions.inputs}):
   * query- and candidate-tower features, and/or the retrieval score of each pair, the item's log
   * popularity and the user's log activity, and/or the user's and item's rating statistics.
   * @param users [n] user ids
   * @param items [n] item indices
   * @param timestamps [n] query times
   * @param options.leaveOut [n] for rating statistics: each pair's own training rating, removed
   *   from its user's and item's statistics (leave-one-out) when the pair is one of the training
   *   rows the statistics were counted on — to train a ranking model on those rows without its
   *   label among its inputs. NaN (or no array): the full statistics, as for new pairs.
   */
  rankingInputs(
    users: ArrayLike<string>,
    items: ArrayLike<number>,
    timestamps: ArrayLike<number>,
    inputs: RankingInputs = 'features',
    options: { leaveOut?: ArrayLike<number> } = {},
  ): { query: TowerBatch; candidate: TowerBatch } {
    const parts = rankingInputParts(inputs);
    const n = users.length;
    if (items.length !== n || timestamps.length !== n) {
      throw new Error(`rankingInputs: ${n} users, ${items.length} items and ${timestamps.length} timestamps; give one of each per pair`);
    }
    const tower = parts.features || parts.retrieval ? this.queryBatch(users, timestamps) : {};
    const query: TowerBatch = parts.features ? tower : {};
    const candidate: TowerBatch = parts.features ? this.candidatesFor(items) : {};
    if (parts.retrieval) {
      const q = this.model.embedQueries(tower, n);
      const c = this.embedItemIndices(items);
      const d = this.dim;
      const score = new Float32Array(n);
      const pop = new Float32Array(n);
      const activity = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += q[i * d + k]! * c[i * d + k]!;
        score[i] = s;
        pop[i] = Math.log1p(this.popularity[items[i]!] ?? 0) / 5;
        const u = this.userIndex(users[i]!);
        activity[i] = u < 0 ? 0 : Math.log1p(this.seen.offsets[u + 1]! - this.seen.offsets[u]!) / 5;
      }
      candidate.retrieval_score = score;
      candidate.log_popularity = pop;
      query.log_activity = activity;
    }
    if (parts.statistics) {
      const stats = this.requireStatistics(inputs);
      const userIdx = Int32Array.from({ length: n }, (_, i) => this.userIndex(users[i]!));
      const f = stats.features(userIdx, items, options.leaveOut);
      query[STATISTICS_INPUTS.query] = f.user;
      candidate[STATISTICS_INPUTS.candidate] = f.item;
    }
    return { query, candidate };
  }

  private requireStatistics(inputs: RankingInputs): RatingStatistics {
    if (!this.ratingStatistics) {
      throw new Error(`ranking inputs '${inputs}' read rating statistics, but the recommender has none: set recommender.ratingStatistics = RatingStatistics.fit(log, trainRows, numUsers, numItems) first`);
    }
    const s = this.ratingStatistics;
    if (s.numUsers !== this.numUsers || s.numItems !== this.numItems) {
      throw new Error(`rating statistics cover ${s.numUsers} users and ${s.numItems} items but the recommender has ${this.numUsers} and ${this.numItems}: fit them with the recommender's numUsers and numItems`);
    }
    return s;
  }

  get numItems(): number {
    return this.catalogue.ids.length;
  }

  get numUsers(): number {
    return this.users.ids.length;
  }

  /** Embedding width. */
  get dim(): number {
    return this.model.dim;
  }

  /**
   * Creates an (untrained) model fed with this recommender's features — its own embedding
   * tables, same inputs as the towers unless {@link RankingOptions.features} picks some — and
   * makes the {@link ranker} use it.
   * - role `'ranking'` (default): the ranking model of SPEC.md, P(liked | rated) or the rating
   *   (replaces any ranking model or ensemble);
   * - role `'engagement'`: P(the user interacts with the item) among retrieved candidates, trained
   *   with retrieved-but-not-interacted items as negatives. With both, the ranker scores
   *   P(interaction) × P(liked), the chance that a candidate is an item the user will like.
   */
  addRankingModel(options: RankingOptions = {}, role: 'ranking' | 'engagement' = 'ranking'): RankingModel {
    const model = this.createRankingModel(options);
    if (role === 'ranking') {
      for (const m of this.rankingModels) m.dispose();
      this.rankingModels = [model];
      this.spec.ranking = options;
      delete this.spec.rankingEnsemble;
    } else {
      if (model.head !== 'binary') {
        model.dispose();
        throw new Error('the engagement model needs the binary head: it predicts P(interaction)');
      }
      this.engagementModel?.dispose();
      this.engagementModel = model;
      this.spec.engagement = options;
    }
    this.updateRanker();
    return model;
  }

  /**
   * Creates (untrained) ranking models, one per member — e.g. binary and regression heads from
   * different seeds — that the {@link ranker} combines by {@link combineRankingPredictions}
   * (replaces any ranking model). Train each member, then score as with one model.
   */
  addRankingEnsemble(members: RankingOptions[], ensemble: RankingEnsembleOptions = {}): RankingModel[] {
    if (members.length === 0) throw new Error('addRankingEnsemble: give at least one member');
    const models: RankingModel[] = [];
    try {
      for (const m of members) models.push(this.createRankingModel(m));
    } catch (e) {
      for (const m of models) m.dispose();
      throw e;
    }
    for (const m of this.rankingModels) m.dispose();
    this.rankingModels = models;
    this.spec.ranking = members;
    this.spec.rankingEnsemble = ensemble;
    this.updateRanker();
    return models;
  }

  /** The options of each ranking model (one, or an ensemble's members). */
  get rankingMembers(): RankingOptions[] {
    const r = this.spec.ranking;
    return r === undefined ? [] : Array.isArray(r) ? r : [r];
  }

  /** The first ranking model (the only one unless there is an ensemble), if any. */
  get rankingModel(): RankingModel | undefined {
    return this.rankingModels[0];
  }

  private createRankingModel(options: RankingOptions): RankingModel {
    const { inputs = 'features', features, ...config } = options;
    const parts = rankingInputParts(inputs);
    if (features && !parts.features) throw new Error(`ranking option features ${JSON.stringify(features)} needs inputs that read features; inputs '${inputs}' reads none`);
    const { query, candidate } = parts.features ? this.rankingFeatureInputs(features) : { query: [], candidate: [] };
    if (parts.retrieval) {
      query.push({ name: 'log_activity', kind: 'numeric' });
      for (const name of RETRIEVAL_FEATURE_INPUTS) candidate.push({ name, kind: 'numeric' });
    }
    if (parts.statistics) {
      this.requireStatistics(inputs);
      query.push({ name: STATISTICS_INPUTS.query, kind: 'numeric', width: RATING_FEATURE_WIDTH });
      candidate.push({ name: STATISTICS_INPUTS.candidate, kind: 'numeric', width: RATING_FEATURE_WIDTH });
    }
    if (query.length === 0 || candidate.length === 0) {
      throw new Error(`a ranking model needs a query-side and a candidate-side input: features ${JSON.stringify(features)} with inputs '${inputs}' leave ${query.length === 0 ? 'no query' : 'no candidate'} input`);
    }
    return new RankingModel({ ...config, query, candidate });
  }

  /**
   * The tower features a ranking model reads: those named in `features` (see
   * {@link RankingOptions.features}), or all of them.
   * @throws when a name is not one of the towers' features (the message lists them)
   */
  rankingFeatureInputs(features?: readonly string[]): { query: TowerInputSpec[]; candidate: TowerInputSpec[] } {
    const query = towerInputsFromFeatures(this.queryFeatures);
    const candidate = towerInputsFromFeatures(this.candidateFeatures);
    if (!features) return { query, candidate };
    const known = [...query, ...candidate].map((s) => s.name);
    const unknown = features.filter((f) => !known.includes(f));
    if (unknown.length > 0) throw new Error(`ranking option features: unknown feature ${unknown.map((f) => JSON.stringify(f)).join(', ')}; the towers have ${known.join(', ')}`);
    const picked = (specs: TowerInputSpec[]) => specs.filter((s) => features.includes(s.name));
    return { query: picked(query), candidate: picked(candidate) };
  }

  private updateRanker(): void {
    const members = this.rankingMembers;
    this.ranker = new ModelRanker(
      this.rankingModels.map((model, i) => ({ model, inputs: members[i]?.inputs ?? 'features' })),
      this.engagementModel && { model: this.engagementModel, inputs: this.spec.engagement?.inputs ?? 'features' },
      this,
      this.spec.likedWeight ?? 0,
      this.spec.rankingEnsemble ?? {},
    );
  }

  /** Index of an item id, or -1. */
  itemIndex(id: string): number {
    return this.itemIdx.get(id) ?? -1;
  }

  /** Index of a user id, or -1 (unknown users still embed: their id maps to the OOV slot). */
  userIndex(id: string): number {
    return this.userIdx.get(id) ?? -1;
  }

  /** Query-tower inputs for (user id, timestamp) pairs. */
  queryBatch(users: ArrayLike<string>, timestamps: ArrayLike<number>): TowerBatch {
    return toTowerBatch(this.queryFeatures.transform({ user: users, timestamp: timestamps }));
  }

  /** Candidate-tower inputs of every catalogue item (computed once). */
  catalogueBatch(): TowerBatch {
    this.allCandidates ??= toTowerBatch(this.candidateFeatures.transform(candidateColumns(this.catalogue)));
    return this.allCandidates;
  }

  /** Candidate-tower inputs of items by index. */
  candidatesFor(items: ArrayLike<number>): TowerBatch {
    return gatherTowerBatch(this.catalogueBatch(), this.model.candidate.inputs.specs, items);
  }

  /** Embeddings of every catalogue item [numItems × dim]. */
  embedItems(): Float32Array {
    return this.model.embedCandidates(this.catalogueBatch(), this.numItems);
  }

  /** Embeddings of items by index [n × dim]. */
  embedItemIndices(items: ArrayLike<number>): Float32Array {
    return this.model.embedCandidates(this.candidatesFor(items), items.length);
  }

  /**
   * Query embeddings [n × dim] for user ids at timestamps (default: each known user's latest
   * training time; for an unknown user the latest time of all).
   */
  embedQueries(users: ArrayLike<string>, timestamps?: ArrayLike<number>): Float32Array {
    const ts = timestamps ?? Float64Array.from({ length: users.length }, (_, i) => this.defaultTimestamp(users[i]!));
    return this.model.embedQueries(this.queryBatch(users, ts), users.length);
  }

  /** The query time used when a request gives none. */
  defaultTimestamp(user: string): number {
    const u = this.userIndex(user);
    if (u >= 0) return this.users.lastTimestamp[u]!;
    let max = -Infinity;
    for (const t of this.users.lastTimestamp) if (t > max) max = t;
    return Number.isFinite(max) ? max : 0;
  }

  /** Training items of a user index (sorted item indices). */
  seenItems(user: number): Int32Array {
    if (user < 0 || user >= this.numUsers) return new Int32Array(0);
    return this.seen.items.subarray(this.seen.offsets[user]!, this.seen.offsets[user + 1]!);
  }

  /**
   * Writes the recommender's files into a model directory being written (`writeModelDirectory`'s
   * fill callback): spec, features, catalogue, users, seen items, popularity, rating statistics
   * (when set), weights, the item embeddings (pass `itemEmbeddings` [numItems × dim] when they
   * are already computed) and, when given, query embeddings.
   */
  async save(writer: ModelDirectoryWriter, options: { queryEmbeddings?: { ids: string[]; vectors: Float32Array }; itemEmbeddings?: Float32Array } = {}): Promise<void> {
    writer.json('recommender', { format: 'twotower-recommender', version: 1, spec: this.spec, dim: this.dim, ratingStatistics: this.ratingStatistics?.toJSON() });
    writer.json('features', { query: this.queryFeatures.toJSON(), candidate: this.candidateFeatures.toJSON() });
    writer.json('items', this.catalogue);
    writer.json('users', { ids: this.users.ids, lastTimestamp: Array.from(this.users.lastTimestamp), attributes: this.users.attributes ?? {} });
    writer.typedArray('seenOffsets', this.seen.offsets);
    writer.typedArray('seenItems', this.seen.items);
    writer.typedArray('popularity', this.popularity);
    if (this.ratingStatistics) {
      writer.typedArray('ratingStatisticsUsers', this.ratingStatistics.user);
      writer.typedArray('ratingStatisticsItems', this.ratingStatistics.item);
    }
    await this.model.saveWeights(writer.dir, MODEL_WEIGHTS.twoTower);
    for (let i = 0; i < this.rankingModels.length; i++) await this.rankingModels[i]!.saveWeights(writer.dir, rankingWeights(i));
    if (this.engagementModel) await this.engagementModel.saveWeights(writer.dir, MODEL_WEIGHTS.engagement);
    const items = options.itemEmbeddings ?? this.embedItems();
    if (items.length !== this.numItems * this.dim) throw new Error(`save: itemEmbeddings has ${items.length} values; expected numItems × dim = ${this.numItems * this.dim} (leave it out to embed the catalogue)`);
    writer.embeddingSet('candidates', this.catalogue.ids, items, this.dim);
    if (options.queryEmbeddings) writer.embeddingSet('queries', options.queryEmbeddings.ids, options.queryEmbeddings.vectors, this.dim);
  }

  /** Loads a recommender from an artifact directory (verified unless `verify: false`). */
  static async load(source: string | Artifact, options: { verify?: boolean } = {}): Promise<Recommender> {
    const a = typeof source === 'string' ? openArtifact(source, { verify: options.verify }) : source;
    const F = MODEL_FILES;
    const meta = a.readJson<{ format: string; version: number; spec: RecommenderSpec; ratingStatistics?: RatingStatisticsJSON }>(F.recommender);
    if (meta.format !== 'twotower-recommender' || meta.version !== 1) {
      throw new Error(`${a.path(F.recommender)} is not a twotower recommender of version 1 (got ${meta.format} ${meta.version})`);
    }
    const features = a.readJson<{ query: FeatureSetJSON; candidate: FeatureSetJSON }>(F.features);
    const queryFeatures = FeatureSet.fromJSON(features.query);
    const candidateFeatures = FeatureSet.fromJSON(features.candidate);
    const spec = meta.spec;
    const model = Recommender.twoTower(spec, queryFeatures, candidateFeatures);
    // every weight file must be listed (and so verified) in the manifest
    const listed = (name: string) => weightFiles(name).forEach((f) => a.path(f));
    listed(MODEL_WEIGHTS.twoTower);
    await model.loadWeights(a.dir, MODEL_WEIGHTS.twoTower);
    const users = a.readJson<{ ids: string[]; lastTimestamp: number[]; attributes?: UserInfo['attributes'] }>(F.users);
    const rec = new Recommender({
      spec,
      queryFeatures,
      candidateFeatures,
      model,
      catalogue: a.readJson<Catalogue>(F.items),
      users: { ids: users.ids, lastTimestamp: Float64Array.from(users.lastTimestamp), attributes: users.attributes },
      seen: { offsets: a.readInt32(F.seenOffsets), items: a.readInt32(F.seenItems) },
      popularity: a.readFloat32(F.popularity),
      ratingStatistics: meta.ratingStatistics
        ? new RatingStatistics(a.readFloat32(F.ratingStatisticsUsers), a.readFloat32(F.ratingStatisticsItems), meta.ratingStatistics)
        : undefined,
    });
    const members = rec.rankingMembers;
    if (Array.isArray(spec.ranking)) {
      const models = rec.addRankingEnsemble(members, spec.rankingEnsemble);
      for (let i = 0; i < models.length; i++) {
        listed(rankingWeights(i));
        await models[i]!.loadWeights(a.dir, rankingWeights(i));
      }
    } else if (spec.ranking) {
      listed(rankingWeights(0));
      await rec.addRankingModel(spec.ranking).loadWeights(a.dir, rankingWeights(0));
    }
    if (spec.engagement) {
      listed(MODEL_WEIGHTS.engagement);
      await rec.addRankingModel(spec.engagement, 'engagement').loadWeights(a.dir, MODEL_WEIGHTS.engagement);
    }
    return rec;
  }

  dispose(): void {
    this.model.dispose();
    for (const m of this.rankingModels) m.dispose();
    this.engagementModel?.dispose();
  }
}
