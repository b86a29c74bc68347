import type { Artifact, ModelDirectoryWriter } from '@twotower/artifact';
import type { FeatureSet } from '@twotower/features';
import type { TowerBatch, TowerInputSpec } from '@twotower/towers';
import { candidateColumns, IdTables, queryColumns, type Catalogue, type SeenItems, type UserInfo } from './catalogue';
import { rankingFeatureInputs } from './create-ranking-model';
import type { Ranker } from './model-ranker';
import type { ItemItemReranker } from './item-item-reranker';
import { rerankCandidates, type RerankKind, type RerankOptions } from './rerank-candidates';
import { disposeModelParts, ModelSet } from './model-set';
import { readRecommender, saveRecommender, type RecommenderSaveOptions } from './persistence';
import type { PairVectors, RankingInputs } from './ranking-inputs';
import { rankingInputsOf } from './ranking-input-sources';
import { HISTORY_INPUT, toSharedIds, type HistoryIdsOptions, type HistorySource } from './history';
import { HistoryInput } from './history-input';
import { blankTime, memberQueryBatches, timeInputNames, timelessMembers } from './no-time';
import { fillUnknown } from './unknown-inputs';
import { UnknownIds } from './unknown-ids';
import type { GivenAttributes } from './attribute-columns';
import { checkGivenAttributes, type GivenAttributesCheck } from './user-attributes';
import { towerSpec, type RecommenderSpec } from './spec';
import { gatherTowerBatch, toTowerBatch } from './tower-specs';
import type { PopularityLean } from './popularity-lean';
import { alignItemVectors, ItemVectors, itemVectorsInputName } from './item-vectors';
import { fitRecommenderParts, type RecommenderParts } from './recommender-parts';

export type { RecommenderParts } from './recommender-parts';

/**
 * A two-tower recommender with everything needed to use it by original ids: fitted features,
 * catalogue, users, their training items and item popularity — fixed at construction — and its
 * {@link models}, the one part that changes (training attaches and replaces models there).
 */
export class Recommender {
  /** The features and towers it was built from (the saved spec adds the options of the models attached). */
  readonly spec: Readonly<RecommenderSpec>;
  readonly queryFeatures: FeatureSet;
  readonly candidateFeatures: FeatureSet;
  readonly catalogue: Catalogue;
  readonly users: UserInfo;
  readonly seen: SeenItems;
  readonly popularity: Float32Array;
  /** The item vectors the candidate tower reads (`spec.itemVectors`), aligned with the catalogue; undefined without. */
  readonly itemVectors: ItemVectors | undefined;
  /** The towers, rating statistics, ranking and engagement models, and the ranker built on them. */
  readonly models: ModelSet;
  private readonly ids: IdTables;
  /** Candidate-tower inputs of the whole catalogue, computed on first use. */
  private allCandidates: TowerBatch | undefined;
  /** What an unknown user / item id reads, computed on first use. */
  private readonly unknown = new UnknownIds(this);
  /** What the history input reads (`spec.history`). */
  private readonly history: HistoryInput;

  constructor(parts: RecommenderParts) {
    this.spec = towerSpec(parts.spec);
    this.history = new HistoryInput(this.spec.history, parts.seen, parts.catalogue.ids.length);
    this.queryFeatures = parts.queryFeatures;
    this.candidateFeatures = parts.candidateFeatures;
    this.catalogue = parts.catalogue;
    this.users = parts.users;
    this.seen = parts.seen;
    this.popularity = parts.popularity;
    this.itemVectors = alignItemVectors(this.spec, parts);
    this.ids = new IdTables(parts.catalogue, parts.users, parts.seen);
    this.models = new ModelSet(this, parts.models);
  }

  /**
   * Fits the features (query features on the training rows — and the user file's columns of
   * their users, when the spec reads them — candidate features on the catalogue) and creates
   * untrained towers of matching sizes.
   * @param train the training rows' user ids and timestamps
   * @param parts.itemVectors the item vectors, when `spec.itemVectors` is set (see {@link RecommenderParts.itemVectors})
   */
  static create(
    spec: RecommenderSpec,
    train: { users: ArrayLike<string>; timestamps: ArrayLike<number> },
    parts: Pick<RecommenderParts, 'catalogue' | 'users' | 'seen' | 'popularity' | 'itemVectors'>,
  ): Recommender {
    const rec = new Recommender(fitRecommenderParts(spec, train, parts));
    rec.zeroUnknownRows();
    return rec;
  }

  /** Zeroes, in untrained towers, the rows an unknown user and an unknown item id read (see `zeroUnknownRows`); also after `models.resetTwoTower`. */
  zeroUnknownRows(): void {
    this.unknown.zero();
  }

  /**
   * After training: each row an unknown user or item id reads that no example trained (still
   * zero) becomes the mean of its table's other rows, the average user or item (see
   * `averageUnknownRows`). `fitRetrieval` calls it when it ends.
   * @returns how many rows were set
   */
  averageUnknownRows(): number {
    return this.unknown.average();
  }

  /** Loads a recommender from a model directory (verified unless `verify: false`), with every model it was saved with. */
  static async load(source: string | Artifact, options: { verify?: boolean } = {}): Promise<Recommender> {
    const parts = await readRecommender(source, options);
    try {
      return new Recommender(parts);
    } catch (e) {
      disposeModelParts(parts.models);
      throw e;
    }
  }

  /**
   * Writes the recommender's files into a model directory being written (`writeModelDirectory`'s
   * fill callback): spec, features, catalogue, users, seen items, popularity, rating statistics
   * (when set), weights, the item embeddings (pass `itemEmbeddings` [numItems × dim] when they
   * are already computed), when given, query embeddings and, when the spec has `itemVectors`,
   * the item vectors as the embedding set `spec.itemVectors.name`.
   */
  save(writer: ModelDirectoryWriter, options: RecommenderSaveOptions = {}): Promise<void> {
    return saveRecommender(this, writer, options);
  }

  get numItems(): number {
    return this.catalogue.ids.length;
  }

  get numUsers(): number {
    return this.users.ids.length;
  }

  /** Embedding width. */
  get dim(): number {
    return this.models.twoTower.dim;
  }

  /** The ranker on the ranking and engagement models (see {@link ModelSet.ranker}); undefined: re-ranking is unavailable. */
  get ranker(): Ranker | undefined {
    return this.models.ranker;
  }

  /** The item-item second stage (see {@link ModelSet.itemItem}); undefined: none. */
  get itemItem(): ItemItemReranker | undefined {
    return this.models.itemItem;
  }

  /**
   * The popularity lean of a user's own list, queried without a time ({@link ModelSet.lean}; see
   * {@link PopularityLean}); undefined at weight 0. Not read by the two-stage list's candidates.
   */
  get popularityLean(): PopularityLean | undefined {
    return this.models.lean;
  }

  /** Which second stage {@link rerank} uses: `'item-item'`, `'ranker'`, or undefined (no re-ranking). */
  get rerankKind(): RerankKind | undefined {
    return this.itemItem ? 'item-item' : this.ranker ? 'ranker' : undefined;
  }

  /** Re-ranking scores of one query's retrieved candidates (see {@link rerankCandidates}). */
  rerank(user: string, candidates: ArrayLike<number>, retrievalScores: ArrayLike<number>, options: RerankOptions = {}): { scores: Float32Array; by: RerankKind } {
    return rerankCandidates(this, user, candidates, retrievalScores, options);
  }

  /** Index of an item id, or -1. */
  itemIndex(id: string): number {
    return this.ids.itemIndex(id);
  }

  /** Index of a user id, or -1 (unknown users still embed: their id maps to the OOV slot). */
  userIndex(id: string): number {
    return this.ids.userIndex(id);
  }

  /** Training items of a user index (sorted item indices). */
  seenItems(user: number): Int32Array {
    return this.ids.seenItems(user);
  }

  /**
   * The history a query of known user `user` (index) at time `t` reads from the training items:
   * all of them (item order), or with a recent history (`spec.history.recent`) the last
   * `historyLength` before `t` (no time, NaN: the last ones of all), oldest first.
   */
  historyOf(user: number, t?: number): ArrayLike<number> {
    return this.history.of(user, this.seenItems(user), t);
  }

  /**
   * The time of a query that brings its own history (a list: a request's, a stranger's first
   * items) and gives no time: with a recent history (`spec.history.recent`) the user's default
   * time, "now" — a query without a time reads no recent history, and what a caller gives as one
   * is what the user did last; otherwise NaN, no time.
   */
  givenHistoryTime(user: string): number {
    return this.history.givenTime(this.defaultTimestamp(user));
  }

  /** The query time used when a request gives none: the user's latest training time (unknown user: the latest of all). */
  defaultTimestamp(user: string): number {
    return this.ids.defaultTimestamp(user);
  }

  /** Items per query of the history input; 0 when the query tower reads no history. */
  get historyLength(): number {
    return this.history.length;
  }

  /** What the query tower reads of user attributes given with a query (names read, names not read and why, values of the wrong kind). */
  checkUserAttributes(given: GivenAttributes): GivenAttributesCheck {
    return checkGivenAttributes(this.users.columns, this.queryFeatures.sources, given);
  }

  /**
   * Query-tower inputs for (user id, timestamp) pairs (with the user's attributes when the
   * features read them, and the history input when the tower reads one).
   * @param history where each query's history comes from (default: the users' training items),
   *   or `false` to leave the history input out (the caller adds it, see {@link historyBatch})
   * @param attributes `[n]` user attributes given with each query (or `undefined`), read in place
   *   of the user file's values (see {@link Recommender.checkUserAttributes} for what the features read)
   */
  queryBatch(users: ArrayLike<string>, timestamps: ArrayLike<number>, history?: HistorySource | false, attributes?: ReadonlyArray<GivenAttributes | undefined>): TowerBatch {
    const batch = toTowerBatch(this.queryFeatures.transform(queryColumns(this.users, (id) => this.userIndex(id), users, timestamps, this.queryFeatures.sources, attributes)));
    if (history !== false && this.historyLength > 0) batch[HISTORY_INPUT] = this.historyBatch(history ?? this.seen, (i) => this.userIndex(users[i]!), users.length, { times: timestamps });
    return batch;
  }

  /**
   * The history input of `n` queries, `[n × historyLength]` (item index + 1; 0 pads).
   * @param source each user's items (indexed by `userIndex(i)`), or one item list per query
   * @param options.exclude `[n]` an item left out of each history (a training example's own target)
   * @param options.rand draws the subset of a longer history at random (training)
   * @param options.times `[n]` the queries' times: with a recent history (`spec.history.recent`)
   *   each reads its user's last items before its time from `source`'s times (none: before now)
   */
  historyBatch(source: HistorySource, userIndex: (i: number) => number, n: number, options: HistoryIdsOptions & { times?: ArrayLike<number> } = {}): Int32Array {
    const ids = this.history.ids(source, userIndex, n, options);
    // a history sharing the candidate tower's item-id table reads each item by its id there
    const shared = this.models.twoTower.query.inputs.specs.find((s) => s.name === HISTORY_INPUT && s.kind === 'embedding' && s.sharedTable !== undefined);
    if (shared?.kind === 'embedding') toSharedIds(ids, this.catalogueBatch()[shared.sharedTable!]!);
    return ids;
  }

  /** Candidate-tower inputs of items by index. */
  candidatesFor(items: ArrayLike<number>): TowerBatch {
    return gatherTowerBatch(this.catalogueBatch(), this.models.twoTower.candidate.inputs.specs, items);
  }

  /** Embeddings of every catalogue item [numItems × dim]. */
  embedItems(): Float32Array {
    return this.models.twoTower.embedCandidates(this.catalogueBatch(), this.numItems);
  }

  /** Embeddings of items by index [n × dim]. */
  embedItemIndices(items: ArrayLike<number>): Float32Array {
    return this.models.twoTower.embedCandidates(this.candidatesFor(items), items.length);
  }

  /** Whether a query without a time reads no time (the towers were trained with `timeDropout`). */
  get readsNoTime(): boolean {
    return (this.spec.timeDropout ?? 0) > 0;
  }

  /** The members that never read a time (`RecommenderSpec.memberTimeDropout` 1): a timed query reaches them without its time. */
  get timelessMembers(): number[] {
    return timelessMembers(this.spec);
  }

  /**
   * Sets rows of a query batch to "no time" (in place; see `RecommenderSpec.timeDropout`), and
   * empties their history when it is a recent one (`spec.history.recent`).
   * @throws when the towers were not trained with timeDropout (they have no "no time" value)
   */
  blankTime(batch: TowerBatch, rows: ArrayLike<number> | 'all'): void {
    if (!this.readsNoTime) throw new Error('blankTime: the query tower has no "no time" value (spec.timeDropout is not set)');
    blankTime(batch, this.models.twoTower.query.inputs.specs, timeInputNames(this.queryFeatures), rows);
    this.history.blankWithTime(batch, rows);
  }

  /**
   * Sets rows of a query batch to what a user the model never saw reads (in place): the user id
   * input to its unknown (OOV) id, the user file's columns to their missing values. Time and
   * history are left as they are. (Training with some examples so blanked teaches the tower to
   * answer unknown users from their history and features.)
   */
  blankUser(batch: TowerBatch, rows: ArrayLike<number>): void {
    fillUnknown(batch, this.unknown.userRow(), rows);
  }

  /**
   * Sets rows of a candidate batch to what an item the model never saw reads for its id (in
   * place): the id input to its unknown (OOV) id; title, genres and other columns are left as
   * they are. (Training with some candidates so blanked teaches the candidate tower to embed new
   * items from their features: see `embedNewItems`.)
   */
  blankItemId(batch: TowerBatch, rows: ArrayLike<number>): void {
    fillUnknown(batch, this.unknown.itemRow(), rows);
  }

  /**
   * Query embeddings [n × dim] for user ids at timestamps. A query without a time (no
   * `timestamps`, or NaN for it): no time when the towers were trained with `timeDropout`, else
   * the user's latest training time (for an unknown user the latest time of all).
   * @param history when the query tower reads a history: where it comes from (default: each
   *   user's training items; one item list per query for users it never saw)
   * @param attributes `[n]` user attributes given with each query, in place of the user file's
   *   (see {@link queryBatch})
   */
  embedQueries(users: ArrayLike<string>, timestamps?: ArrayLike<number>, history?: HistorySource, attributes?: ReadonlyArray<GivenAttributes | undefined>): Float32Array {
    const untimed: number[] = [];
    const ts = Float64Array.from({ length: users.length }, (_, i) => {
      const t = timestamps ? timestamps[i]! : NaN;
      if (!Number.isNaN(t)) return t;
      untimed.push(i);
      return this.defaultTimestamp(users[i]!);
    });
    const batch = this.queryBatch(users, ts, history, attributes);
    if (untimed.length > 0 && this.readsNoTime) this.blankTime(batch, untimed.length === users.length ? 'all' : untimed);
    const perMember = untimed.length < users.length ? memberQueryBatches(batch, this.models.twoTower.members.length, this.timelessMembers, (b) => this.blankTime(b, 'all')) : batch;
    return this.models.twoTower.embedQueries(perMember, users.length);
  }

  /** The query and item embeddings [n × dim] of (user id, item index, time) pairs (`history`: as {@link embedQueries}). */
  embedPairs(users: ArrayLike<string>, items: ArrayLike<number>, timestamps: ArrayLike<number>, history?: HistorySource): PairVectors {
    return { query: this.embedQueries(users, timestamps, history), item: this.embedItemIndices(items) };
  }

  /**
   * The inputs of a ranking model for (user, item) pairs (see `RankingOptions.inputs`), computed
   * from ids: the towers' features, the pairs' embeddings (the towers run unless `vectors` are
   * given), popularity, activity and rating statistics; then {@link rankingInputsFrom}.
   * @param users [n] user ids
   * @param items [n] item indices
   * @param timestamps [n] query times
   * @param options.leaveOut [n] for rating statistics: each pair's own training rating, removed
   *   from its user's and item's statistics (leave-one-out) when the pair is one of the training
   *   rows the statistics were counted on — to train a ranking model on those rows without its
   *   label among its inputs. NaN (or no array): the full statistics, as for new pairs.
   * @param options.vectors the pairs' embeddings, when the caller has them (see {@link embedPairs})
   * @param options.history where the query tower's history comes from when it computes them
   *   (default the users' training items; held-out pairs need a history without them)
   */
  rankingInputs(
    users: ArrayLike<string>,
    items: ArrayLike<number>,
    timestamps: ArrayLike<number>,
    inputs: RankingInputs = 'features',
    options: { leaveOut?: ArrayLike<number>; vectors?: PairVectors; history?: HistorySource } = {},
  ): { query: TowerBatch; candidate: TowerBatch } {
    return rankingInputsOf(this, users, items, timestamps, inputs, options);
  }

  /**
   * The tower features a ranking model reads: those named in `features` (see
   * `RankingOptions.features`), or all of them.
   * @throws when a name is not one of the towers' features (the message lists them)
   */
  rankingFeatureInputs(features?: readonly string[]): { query: TowerInputSpec[]; candidate: TowerInputSpec[] } {
    return rankingFeatureInputs(this.queryFeatures, this.candidateFeatures, features, this.spec.itemVectors);
  }

  /** Frees the tensors of every model. */
  dispose(): void {
    this.models.dispose();
  }

  /** Candidate-tower inputs of every catalogue item (computed once). */
  private catalogueBatch(): TowerBatch {
    if (!this.allCandidates) {
      this.allCandidates = toTowerBatch(this.candidateFeatures.transform(candidateColumns(this.catalogue, this.candidateFeatures.sources)));
      if (this.spec.itemVectors && this.itemVectors) this.allCandidates[itemVectorsInputName(this.spec.itemVectors)] = this.itemVectors.rows;
    }
    return this.allCandidates;
  }
}
