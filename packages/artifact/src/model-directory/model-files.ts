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
  /** The latest training time of each of them (float64, parallel to `seenItems`; written when known: a recent history reads it). */
  seenTimes: 'seen.times.f64',
  /** Training interactions per item (float32). */
  popularity: 'popularity.f32',
  /** Per-user rating statistics (float32). */
  ratingStatisticsUsers: 'rating-stats.users.f32',
  /** Per-item rating statistics (float32). */
  ratingStatisticsItems: 'rating-stats.items.f32',
  /** The item-item second stage's rows (CSR offsets, int32; see `ItemItemWeights`). */
  itemItemOffsets: 'item-item.offsets.i32',
  /** The item-item second stage's neighbour item indices (int32). */
  itemItemNeighbours: 'item-item.neighbours.i32',
  /** The item-item second stage's weights (float32). */
  itemItemWeights: 'item-item.weights.f32',
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

/**
 * Name of an embedding set of a model directory: the two-tower's own `candidates` (one row per
 * catalogue item) and `queries` (one per training interaction), or a named set added beside them
 * (`item2vec`, `deepwalk`, `text`, `users`, ...): lowercase letters, digits and dashes, starting
 * with a letter (see {@link checkEmbeddingSetName}).
 */
export type EmbeddingSetName = string;

/** The two-tower's own embedding sets, kept at the directory's top level (their names since the first format). */
export const EMBEDDING_SETS: readonly EmbeddingSetName[] = ['candidates', 'queries'];

const SET_NAME = /^[a-z][a-z0-9-]{0,63}$/;

/** Throws unless `name` can name an embedding set (lowercase letters, digits, dashes; a letter first; at most 64). */
export function checkEmbeddingSetName(name: string): void {
  if (!SET_NAME.test(name)) {
    throw new RangeError(`embedding set name "${name}" must be lowercase letters, digits and dashes, starting with a letter (at most 64), e.g. "item2vec"`);
  }
}

/**
 * Where an embedding set is kept: `<name>.f32` ([rows × dim] float32) and `<name>.ids.json` (one
 * id per row) for the two-tower's own sets, `embeddings/<name>.*` for every other named set.
 */
export function embeddingFiles(name: EmbeddingSetName): { file: string; ids: string } {
  const base = EMBEDDING_SETS.includes(name) ? name : `embeddings/${name}`;
  return { file: `${base}.f32`, ids: `${base}.ids.json` };
}

/** Where the segments of an embedding set are kept: `segments/<set>.json` (what each segment holds) and `segments/<set>.i32` (one segment per row). */
export function segmentFiles(set: EmbeddingSetName): { file: string; assignments: string } {
  return { file: `segments/${set}.json`, assignments: `segments/${set}.i32` };
}

/** Where a prebuilt index of an embedding set is kept. */
export function indexFile(name: EmbeddingSetName): string {
  return `indexes/${name}.index`;
}

/** The report's directory inside a model directory (derived from the model, not in its manifest). */
export const REPORT_DIR = 'report';
