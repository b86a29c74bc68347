import { checkLeanWeight, PopularityLean } from './popularity-lean';
import type { FeatureSet } from '@twotower/features';
import type { RankingModel, TwoTowerModel } from '@twotower/towers';
import { createEngagementModel, createRankingModel, createRankingModels, type RankingModelSources, type RankingOptions } from './create-ranking-model';
import { ModelRanker, type Ranker, type RankerHost } from './model-ranker';
import type { RankingEnsembleOptions } from './ranking-ensemble';
import type { ItemItemReranker } from './item-item-reranker';
import type { RatingStatistics } from './rating-statistics';
import { createTwoTower, type AttachedModelOptions, type RecommenderSpec } from './spec';

/** What a {@link ModelSet} needs from its recommender: what models are built from, and the ranker's inputs. */
export interface ModelSetHost extends RankerHost {
  readonly spec: Readonly<RecommenderSpec>;
  readonly queryFeatures: FeatureSet;
  readonly candidateFeatures: FeatureSet;
  readonly numUsers: number;
  readonly numItems: number;
  /** `[numItems]` training interactions per item (the popularity lean's counts). */
  readonly popularity: Float32Array;
  /** Zeroes, in new towers, the rows an unknown user and item id read (`Recommender.zeroUnknownRows`). */
  zeroUnknownRows(): void;
}

/** Ranking models attached together: one model, or the members of an ensemble. */
export interface AttachedRanking {
  /** The models, in the members' order. */
  models: RankingModel[];
  /** One model's options (an object), or each member's (an array: an ensemble). */
  options: RankingOptions | RankingOptions[];
  /** How an ensemble's members combine (an ensemble only). */
  ensemble?: RankingEnsembleOptions;
}

/** The models a {@link ModelSet} starts with (a loaded recommender starts with all of them). */
export interface ModelSetParts {
  twoTower: TwoTowerModel;
  /** Rating statistics of the training rows, read by the `'statistics'`, `'features+statistics'` and `'all'` ranking inputs. */
  ratingStatistics?: RatingStatistics;
  ranking?: AttachedRanking;
  /** The engagement model (binary head) and its options. */
  engagement?: { model: RankingModel; options: RankingOptions };
  /** The item-item second stage; when set, a two-stage list is re-ordered by it (see {@link ModelSet.itemItem}). */
  itemItem?: ItemItemReranker;
  /** Weight of the popularity lean of untimed user queries (see {@link ModelSet.popularityLean}). Default 0: none. */
  popularityLean?: number;
}

/** Frees the tensors of models not (or no longer) owned by a {@link ModelSet}. */
export function disposeModelParts(parts: ModelSetParts): void {
  parts.twoTower.dispose();
  for (const m of parts.ranking?.models ?? []) m.dispose();
  parts.engagement?.model.dispose();
}

/**
 * The models of a recommender: the two towers, the rating statistics, the ranking models (one,
 * or an ensemble) and the engagement model, and the ranker built on them. The only part of a
 * recommender that changes after construction, and only through the methods below, which
 * training calls in this order: the towers are trained in place (and replaced by
 * {@link resetTwoTower} for a refit), then {@link setRatingStatistics}, {@link setEngagementModel}
 * and {@link setRankingModel} or {@link setRankingEnsemble} attach new, untrained models to be
 * trained. Each replaced model is disposed. The saved spec is derived from what is attached
 * ({@link options}).
 */
export class ModelSet {
  private towers: TwoTowerModel;
  private statistics: RatingStatistics | undefined;
  private rankingPart: AttachedRanking | undefined;
  private engagementPart: { model: RankingModel; options: RankingOptions } | undefined;
  private currentRanker: Ranker | undefined;
  private itemItemPart: ItemItemReranker | undefined;
  private leanPart: PopularityLean | undefined;

  /** @internal a recommender builds its own model set */
  constructor(
    private readonly host: ModelSetHost,
    parts: ModelSetParts,
  ) {
    if (parts.ratingStatistics) this.checkStatistics(parts.ratingStatistics);
    if (parts.engagement && parts.engagement.model.head !== 'binary') throw new Error('the engagement model needs the binary head: it predicts P(interaction)');
    this.towers = parts.twoTower;
    this.statistics = parts.ratingStatistics;
    this.rankingPart = parts.ranking;
    this.engagementPart = parts.engagement;
    if (parts.itemItem) this.setItemItem(parts.itemItem);
    if (parts.popularityLean) this.setPopularityLean(parts.popularityLean);
    this.currentRanker = this.buildRanker();
  }

  /** The retrieval model's two towers. */
  get twoTower(): TwoTowerModel {
    return this.towers;
  }

  /** Per-user and per-item rating statistics of the training rows, when set; saved with the recommender. */
  get ratingStatistics(): RatingStatistics | undefined {
    return this.statistics;
  }

  /** The ranking models (P(liked | rated), or the rating): one, or an ensemble's members; empty when there is none. */
  get ranking(): readonly RankingModel[] {
    return this.rankingPart?.models ?? [];
  }

  /** The options of each ranking model, in the same order (what each reads: `inputs`, `features`). */
  get rankingOptions(): readonly RankingOptions[] {
    const options = this.rankingPart?.options;
    return options === undefined ? [] : Array.isArray(options) ? options : [options];
  }

  /** The engagement model (P(interaction) among retrieved candidates), when there is one. */
  get engagement(): RankingModel | undefined {
    return this.engagementPart?.model;
  }

  /** The ranker on these models (undefined without ranking and engagement models: no re-ranking), or the one given to {@link setRanker}. */
  get ranker(): Ranker | undefined {
    return this.currentRanker;
  }

  /** The options of the ranking and engagement models attached, as the saved spec holds them. */
  options(): AttachedModelOptions {
    const out: AttachedModelOptions = {};
    if (this.engagementPart) out.engagement = this.engagementPart.options;
    if (this.rankingPart) {
      out.ranking = this.rankingPart.options;
      if (Array.isArray(this.rankingPart.options)) out.rankingEnsemble = this.rankingPart.ensemble ?? {};
    }
    return out;
  }

  /**
   * Replaces the two towers with fresh, untrained ones of the same configuration (same fitted
   * features, same seed): to train again from scratch, e.g. on more rows, keeping the ranking models.
   */
  resetTwoTower(): TwoTowerModel {
    this.towers.dispose();
    this.towers = createTwoTower(this.host.spec, this.host.queryFeatures, this.host.candidateFeatures, this.host.numItems);
    this.host.zeroUnknownRows();
    return this.towers;
  }

  /**
   * Sets the rating statistics the ranking inputs read (`RatingStatistics.fit(...)` on the
   * training rows, with the recommender's numUsers and numItems). Set them before attaching a model
   * whose inputs read them.
   */
  setRatingStatistics(statistics: RatingStatistics): void {
    this.checkStatistics(statistics);
    this.statistics = statistics;
  }

  /**
   * Attaches a new, untrained ranking model — P(liked | rated), or the rating — fed with the
   * recommender's inputs (its own embedding tables; the towers' inputs unless
   * {@link RankingOptions.features} picks some), replacing any ranking model or ensemble.
   */
  setRankingModel(options: RankingOptions = {}): RankingModel {
    const model = createRankingModel(options, this.sources());
    this.replaceRanking({ models: [model], options });
    return model;
  }

  /**
   * Attaches new, untrained ranking models, one per member — e.g. binary and regression heads
   * from different seeds — that the ranker combines by `combineRankingPredictions`, replacing
   * any ranking model. Train each member, then score as with one model.
   */
  setRankingEnsemble(members: RankingOptions[], ensemble: RankingEnsembleOptions = {}): RankingModel[] {
    if (members.length === 0) throw new Error('setRankingEnsemble: give at least one member');
    const models = createRankingModels(members, this.sources());
    this.replaceRanking({ models, options: members, ensemble });
    return models;
  }

  /**
   * Attaches a new, untrained engagement model: P(the user interacts with the item) among retrieved
   * candidates (binary head), trained with retrieved-but-not-interacted items as negatives. With
   * ranking models too, the ranker scores P(interaction) × P(liked)^likedWeight.
   */
  setEngagementModel(options: RankingOptions): RankingModel {
    const model = createEngagementModel(options, this.sources());
    this.engagementPart?.model.dispose();
    this.engagementPart = { model, options };
    this.currentRanker = this.buildRanker();
    return model;
  }

  /**
   * Makes `ranker` the recommender's ranker (undefined: no re-ranking) in place of the one built on
   * the models — e.g. a ranker of another kind, or a test double — until a ranking or engagement
   * model is attached. Nothing of it is saved.
   */
  setRanker(ranker: Ranker | undefined): void {
    this.currentRanker = ranker;
  }

  /**
   * The item-item second stage (undefined: none). When set, it is what re-orders a two-stage list
   * (`Recommender.rerank`); the ranker still scores pairs (the server's `rank`, "liked").
   */
  get itemItem(): ItemItemReranker | undefined {
    return this.itemItemPart;
  }

  /** Attaches (or, with undefined, removes) the item-item second stage; its weights must cover the catalogue. */
  setItemItem(reranker: ItemItemReranker | undefined): void {
    if (reranker && reranker.weights.numItems !== this.host.numItems) {
      throw new Error(`item-item weights cover ${reranker.weights.numItems} items but the recommender has ${this.host.numItems}: fit them on the recommender's catalogue`);
    }
    this.itemItemPart = reranker;
  }

  /**
   * Weight of the popularity lean added to a user query's item scores when the query has no time
   * (`Recommender.popularityLean`); 0: none. Set by the trainer after the towers are trained
   * (`choosePopularityLean`), saved with the recommender.
   */
  get popularityLean(): number {
    return this.leanPart?.weight ?? 0;
  }

  /** The popularity lean at that weight, over the host's training popularity; undefined at weight 0. */
  get lean(): PopularityLean | undefined {
    return this.leanPart;
  }

  /** Sets the popularity lean's weight (finite, >= 0; 0 removes it). */
  setPopularityLean(weight: number): void {
    checkLeanWeight('setPopularityLean', weight, false);
    this.leanPart = weight > 0 ? new PopularityLean(weight, this.host.popularity) : undefined;
  }

  /** Frees every model's tensors. */
  dispose(): void {
    this.towers.dispose();
    for (const m of this.ranking) m.dispose();
    this.engagementPart?.model.dispose();
  }

  private sources(): RankingModelSources {
    return { queryFeatures: this.host.queryFeatures, candidateFeatures: this.host.candidateFeatures, ratingStatistics: this.statistics, itemVectors: this.host.spec.itemVectors };
  }

  private replaceRanking(part: AttachedRanking): void {
    for (const m of this.ranking) m.dispose();
    this.rankingPart = part;
    this.currentRanker = this.buildRanker();
  }

  private buildRanker(): Ranker | undefined {
    const ranking = this.rankingPart;
    const engagement = this.engagementPart;
    if (!ranking && !engagement) return undefined;
    const members = this.rankingOptions;
    return new ModelRanker(
      this.ranking.map((model, i) => ({ model, inputs: members[i]?.inputs ?? 'features' })),
      engagement && { model: engagement.model, inputs: engagement.options.inputs ?? 'features' },
      this.host,
      this.host.spec.likedWeight ?? 0,
      ranking?.ensemble ?? {},
    );
  }

  private checkStatistics(s: RatingStatistics): void {
    const { numUsers, numItems } = this.host;
    if (s.numUsers !== numUsers || s.numItems !== numItems) {
      throw new Error(`rating statistics cover ${s.numUsers} users and ${s.numItems} items but the recommender has ${numUsers} and ${numItems}: fit them with the recommender's numUsers and numItems`);
    }
  }
}
