import { checkModelMetadata, checkRecommenderTables, explainLoadFailure } from './check-model-files';
import { MODEL_FILES, MODEL_WEIGHTS, openArtifact, openModelDirectory, rankingWeights, weightFiles, type Artifact, type ModelDirectoryWriter, type ModelManifest } from '@twotower/artifact';
import { FeatureSet, type FeatureSetJSON } from '@twotower/features';
import type { Catalogue, UserInfo } from './catalogue';
import { createEngagementModel, createRankingModel, createRankingModels } from './create-ranking-model';
import { disposeModelParts, type ModelSetParts } from './model-set';
import { RatingStatistics, type RatingStatisticsJSON } from './rating-statistics';
import type { Recommender, RecommenderParts } from './recommender';
import { createTwoTower, type SavedRecommenderSpec } from './spec';
import { ItemVectors, type ItemVectorsSpec } from './item-vectors';
import { ItemItemReranker, type ItemItemRerankInfo } from './item-item-reranker';
import { ItemItemWeights } from './item-item-weights';

/** Options of {@link Recommender.save}. */
export interface RecommenderSaveOptions {
  /** Query embeddings to keep beside the model (e.g. one per training interaction), with their ids. */
  queryEmbeddings?: { ids: string[]; vectors: Float32Array };
  /** [numItems × dim] the catalogue's embeddings when already computed (otherwise the catalogue is embedded). */
  itemEmbeddings?: Float32Array;
}

/** Contents of `recommender.json`. */
interface RecommenderJSON {
  format: string;
  version: number;
  spec: SavedRecommenderSpec;
  dim: number;
  ratingStatistics?: RatingStatisticsJSON;
  /** The item-item second stage, when there is one (its weights are the `item-item.*` files). */
  itemItem?: ItemItemRerankInfo;
  /** Weight of the popularity lean of untimed user queries, when > 0 (absent: none; see `PopularityLean`). */
  popularityLean?: number;
}

/**
 * Writes a recommender's files into a model directory being written: spec (with the options of
 * the models attached), features, catalogue, users, seen items, popularity, rating statistics
 * (when set), the item-item stage's weights (when set), the weights of every model, the item
 * embeddings, when given, query embeddings and,
 * when the spec has `itemVectors`, the item vectors as the embedding set `spec.itemVectors.name`
 * (`of: 'items'`, `method` the spec's, default `'external'`; the catalogue's rows in its order, then
 * any rows given by ids outside it).
 */
export async function saveRecommender(rec: Recommender, writer: ModelDirectoryWriter, options: RecommenderSaveOptions = {}): Promise<void> {
  const { models } = rec;
  const stats = models.ratingStatistics;
  const meta: RecommenderJSON = { format: 'twotower-recommender', version: 1, spec: { ...rec.spec, ...models.options() }, dim: rec.dim, ratingStatistics: stats?.toJSON(), ...(models.itemItem ? { itemItem: models.itemItem.info } : {}), ...(models.popularityLean > 0 ? { popularityLean: models.popularityLean } : {}) };
  writer.json('recommender', meta);
  writer.json('features', { query: rec.queryFeatures.toJSON(), candidate: rec.candidateFeatures.toJSON() });
  writer.json('items', rec.catalogue);
  writer.json('users', { ids: rec.users.ids, lastTimestamp: Array.from(rec.users.lastTimestamp), attributes: rec.users.attributes ?? {}, ...(rec.users.columns ? { columns: rec.users.columns } : {}) });
  writer.typedArray('seenOffsets', rec.seen.offsets);
  writer.typedArray('seenItems', rec.seen.items);
  if (rec.seen.times) writer.typedArray('seenTimes', rec.seen.times);
  writer.typedArray('popularity', rec.popularity);
  if (stats) {
    writer.typedArray('ratingStatisticsUsers', stats.user);
    writer.typedArray('ratingStatisticsItems', stats.item);
  }
  if (models.itemItem) {
    const w = models.itemItem.weights;
    writer.typedArray('itemItemOffsets', w.offsets);
    writer.typedArray('itemItemNeighbours', w.neighbours);
    writer.typedArray('itemItemWeights', w.weights);
  }
  await models.twoTower.saveWeights(writer.dir, MODEL_WEIGHTS.twoTower);
  for (let i = 0; i < models.ranking.length; i++) await models.ranking[i]!.saveWeights(writer.dir, rankingWeights(i));
  if (models.engagement) await models.engagement.saveWeights(writer.dir, MODEL_WEIGHTS.engagement);
  const items = options.itemEmbeddings ?? rec.embedItems();
  if (items.length !== rec.numItems * rec.dim) throw new Error(`save: itemEmbeddings has ${items.length} values; expected numItems × dim = ${rec.numItems * rec.dim} (leave it out to embed the catalogue)`);
  writer.embeddingSet('candidates', rec.catalogue.ids, items, rec.dim);
  if (options.queryEmbeddings) writer.embeddingSet('queries', options.queryEmbeddings.ids, options.queryEmbeddings.vectors, rec.dim);
  const iv = rec.spec.itemVectors;
  if (iv && rec.itemVectors) {
    const set = rec.itemVectors.toEmbeddingSet(rec.catalogue.ids);
    writer.embeddingSet(iv.name, set.ids, set.vectors, iv.dim, { of: 'items', method: iv.method ?? 'external' });
  }
}

/** The item vectors of a directory whose spec has `itemVectors`: its embedding set of that name, aligned with the catalogue. */
function readItemVectors(a: Artifact, spec: ItemVectorsSpec, catalogue: Catalogue): ItemVectors {
  const set = openModelDirectory(a).embeddingSet(spec.name);
  if (!set) throw new Error(`${a.dir}: ${MODEL_FILES.recommender} says the candidate tower reads item vectors "${spec.name}" but the manifest lists no embedding set "${spec.name}": the model directory is damaged or inconsistent; restore it or retrain`);
  if (set.dim !== spec.dim) throw new Error(`${a.dir}: embedding set "${spec.name}" is ${set.dim} wide but ${MODEL_FILES.recommender} says itemVectors.dim ${spec.dim}: the model directory is damaged or inconsistent; restore it or retrain`);
  const known = new Set(set.ids);
  const missing = catalogue.ids.find((id) => !known.has(id));
  if (missing !== undefined) throw new Error(`${a.dir}: embedding set "${spec.name}" has no row for catalogue item ${JSON.stringify(missing)}: the model directory is damaged or inconsistent; restore it or retrain`);
  return ItemVectors.from(set, catalogue.ids, spec.dim, `embedding set "${spec.name}"`);
}

/**
 * Reads what a saved recommender is made of from a model directory (verified unless
 * `verify: false`), every model created and its weights loaded, in the order they were saved:
 * the towers, the ranking models, the engagement model.
 */
export async function readRecommender(source: string | Artifact, options: { verify?: boolean } = {}): Promise<RecommenderParts> {
  const a = typeof source === 'string' ? openArtifact(source, { verify: options.verify }) : source;
  // the small files first, so that one of the wrong shape is named rather than failing deep inside
  checkModelMetadata(a, a.manifest as ModelManifest);
  const parts = await readParts(a).catch((e: unknown) => {
    throw explainLoadFailure(a, e);
  });
  try {
    checkRecommenderTables(a, parts);
  } catch (e) {
    disposeModelParts(parts.models);
    throw e;
  }
  return parts;
}

async function readParts(a: Artifact): Promise<RecommenderParts> {
  const F = MODEL_FILES;
  const meta = a.readJson<RecommenderJSON>(F.recommender);
  if (meta.format !== 'twotower-recommender' || meta.version !== 1) {
    throw new Error(`${a.path(F.recommender)} is not a twotower recommender of version 1 (got ${meta.format} ${meta.version})`);
  }
  const features = a.readJson<{ query: FeatureSetJSON; candidate: FeatureSetJSON }>(F.features);
  const queryFeatures = FeatureSet.fromJSON(features.query);
  const candidateFeatures = FeatureSet.fromJSON(features.candidate);
  const { ranking, rankingEnsemble, engagement, ...spec } = meta.spec;
  // every weight file must be listed (and so verified) in the manifest
  const listed = (name: string) => weightFiles(name).forEach((f) => a.path(f));
  const load = (model: { loadWeights(dir: string, name: string): Promise<void> }, name: string) => model.loadWeights(a.dir, name);
  const catalogue = a.readJson<Catalogue>(F.items);
  const models: ModelSetParts = { twoTower: createTwoTower(spec, queryFeatures, candidateFeatures, Array.isArray(catalogue?.ids) ? catalogue.ids.length : 0) };
  try {
    listed(MODEL_WEIGHTS.twoTower);
    await load(models.twoTower, MODEL_WEIGHTS.twoTower);
    const users = a.readJson<{ ids: string[]; lastTimestamp: number[]; attributes?: UserInfo['attributes']; columns?: UserInfo['columns'] }>(F.users);
    const parts: RecommenderParts = {
      spec,
      queryFeatures,
      candidateFeatures,
      catalogue,
      users: { ids: users.ids, lastTimestamp: Float64Array.from(users.lastTimestamp), attributes: users.attributes, ...(users.columns ? { columns: users.columns } : {}) },
      seen: { offsets: a.readInt32(F.seenOffsets), items: a.readInt32(F.seenItems), ...(a.has(F.seenTimes) ? { times: a.readFloat64(F.seenTimes) } : {}) },
      popularity: a.readFloat32(F.popularity),
      models,
      ...(spec.itemVectors ? { itemVectors: readItemVectors(a, spec.itemVectors, catalogue) } : {}),
    };
    if (meta.ratingStatistics) {
      models.ratingStatistics = new RatingStatistics(a.readFloat32(F.ratingStatisticsUsers), a.readFloat32(F.ratingStatisticsItems), meta.ratingStatistics);
    }
    if (meta.itemItem) {
      const weights = new ItemItemWeights(a.readInt32(F.itemItemOffsets), a.readInt32(F.itemItemNeighbours), a.readFloat32(F.itemItemWeights));
      if (weights.numItems !== catalogue.ids.length) {
        throw new Error(`${a.dir}: ${F.itemItemOffsets} has ${weights.numItems} rows but ${F.items} has ${catalogue.ids.length} items: the model directory is damaged or inconsistent; restore it or retrain`);
      }
      models.itemItem = new ItemItemReranker(weights, meta.itemItem);
    }
    if (meta.popularityLean !== undefined) {
      if (!(Number.isFinite(meta.popularityLean) && meta.popularityLean >= 0)) {
        throw new Error(`${a.path(F.recommender)}: popularityLean is ${JSON.stringify(meta.popularityLean)}, not a number >= 0: the model directory is damaged; restore it or retrain`);
      }
      models.popularityLean = meta.popularityLean;
    }
    const sources = { queryFeatures, candidateFeatures, ratingStatistics: models.ratingStatistics, itemVectors: spec.itemVectors };
    if (Array.isArray(ranking)) {
      models.ranking = { models: createRankingModels(ranking, sources), options: ranking, ensemble: rankingEnsemble ?? {} };
      for (let i = 0; i < ranking.length; i++) {
        listed(rankingWeights(i));
        await load(models.ranking.models[i]!, rankingWeights(i));
      }
    } else if (ranking) {
      listed(rankingWeights(0));
      const model = createRankingModel(ranking, sources);
      models.ranking = { models: [model], options: ranking };
      await load(model, rankingWeights(0));
    }
    if (engagement) {
      listed(MODEL_WEIGHTS.engagement);
      models.engagement = { model: createEngagementModel(engagement, sources), options: engagement };
      await load(models.engagement.model, MODEL_WEIGHTS.engagement);
    }
    return parts;
  } catch (e) {
    disposeModelParts(models);
    throw e;
  }
}
