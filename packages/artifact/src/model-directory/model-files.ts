/**
 * Every file of a twotower model directory, by role. The trainer writes through these names and
 * the server and the report read through them: no other module spells a file name.
 */
export const MODEL_FILES = {
  /** The trainer's resolved configuration. */
  config: 'config.json',
  /** Evaluation results ({@link ModelMetrics}). */
  metrics: 'metrics.json',
  /** One {@link EpochRecord} per training epoch. */
  history: 'history.json',
  /** Training interactions per timestamp bucket ({@link TimestampBuckets}). */
  timestampBuckets: 'timestamp-buckets.json',
  /** The recommender's spec, embedding width and rating-statistics options. */
  recommender: 'recommender.json',
  /** The fitted query and candidate feature sets. */
  features: 'features.json',
  /** The catalogue: ids, titles, genres. */
  items: 'items.json',
  /** Known users: ids, latest training time, attributes. */
  users: 'users.json',
  /** Each user's training items (CSR offsets, int32). */
  seenOffsets: 'seen.offsets.i32',
  /** Each user's training items (CSR item indices, int32). */
  seenItems: 'seen.items.i32',
  /** Training interactions per item (float32). */
  popularity: 'popularity.f32',
  /** Per-user rating statistics (float32). */
  ratingStatisticsUsers: 'rating-stats.users.f32',
  /** Per-item rating statistics (float32). */
  ratingStatisticsItems: 'rating-stats.items.f32',
} as const;

/** Role of a JSON or binary file of {@link MODEL_FILES}. */
export type ModelFile = keyof typeof MODEL_FILES;

/** Weight files (each a `<name>.json` + `<name>.bin` pair) of the models in a directory. */
export const MODEL_WEIGHTS = {
  /** The two towers. */
  twoTower: 'two-tower',
  /** The engagement model, P(interaction | retrieved). */
  engagement: 'engagement',
} as const;

/** Weight-file name of ranking model `i`: `ranking` for the first (or only) one, `ranking-<i>` for the other members. */
export function rankingWeights(i: number): string {
  return i === 0 ? 'ranking' : `ranking-${i}`;
}

/** The two files (`.json` topology + `.bin` values) of a weight set. */
export function weightFiles(name: string): [string, string] {
  return [`${name}.json`, `${name}.bin`];
}

/** Names of the embedding sets a model directory holds. */
export type EmbeddingSetName = 'candidates' | 'queries';

/** Every {@link EmbeddingSetName}. */
export const EMBEDDING_SETS: readonly EmbeddingSetName[] = ['candidates', 'queries'];

/** Where an embedding set is kept: `<name>.f32` ([rows × dim] float32) and `<name>.ids.json` (one id per row). */
export function embeddingFiles(name: EmbeddingSetName): { file: string; ids: string } {
  return { file: `${name}.f32`, ids: `${name}.ids.json` };
}

/** Where a prebuilt index of an embedding set is kept. */
export function indexFile(name: EmbeddingSetName): string {
  return `indexes/${name}.index`;
}

/** The report's directory inside a model directory (derived from the model, not in its manifest). */
export const REPORT_DIR = 'report';
