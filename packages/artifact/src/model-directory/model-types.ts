import type { Manifest } from '../manifest';
import type { EmbeddingSetName } from './model-files';
import type { ModelMetrics } from './metrics-types';


/** Where an embedding set's files are, as the manifest lists them. */
export interface EmbeddingSetEntry {
  /** `[rows × dim]` float32 file. */
  file: string;
  /** JSON array of one string id per row. */
  ids: string;
  dim: number;
  /** What one row is: a catalogue item, a user, or a training interaction (the two-tower's `queries`). Absent in directories written before named sets: `candidates` are items, `queries` interactions. */
  of?: EmbeddingSetOf;
  /** How the set was learned: `two-tower`, `item2vec`, `deepwalk`, `node2vec`, `text`, ... */
  method?: string;
  /** The options it was learned with (as given to the trainer of `method`). */
  options?: Readonly<Record<string, unknown>>;
  /** Seconds it took to learn. */
  seconds?: number;
}

/** What one row of an embedding set stands for. */
export type EmbeddingSetOf = 'items' | 'users' | 'interactions';

/** One segment of an embedding set, described by what it holds. */
export interface SegmentSummary {
  /** Segment number, `0..k-1`. */
  id: number;
  /** Rows in the segment. */
  size: number;
  /** `size` / rows of the set. */
  share: number;
  /** The labels (genres, ...) most over-represented in the segment: count, share of members, lift = share / share over all rows. */
  topLabels: { label: string; count: number; share: number; lift: number }[];
  /** Ids of the most popular members, most popular first. */
  topMembers: string[];
}

/** `segments/<set>.json`: the segmentation of one embedding set (the per-row segment is `segments/<set>.i32`, -1 for a row in none). */
export interface SegmentsInfo {
  /** The embedding set cut into segments. */
  set: string;
  of: EmbeddingSetOf;
  k: number;
  method: 'k-means';
  /** Rows were L2-normalised before clustering (`cosine`) or not (`euclidean`). */
  metric: 'cosine' | 'euclidean';
  inertia: number;
  /** Silhouette score of the segmentation (sampled on large sets). */
  silhouette?: number;
  /** How k was chosen: the best silhouette among `candidates`, or given. */
  chosenBy: 'silhouette' | 'given';
  /** Each candidate k's silhouette, when k was chosen by silhouette. */
  candidates?: { k: number; silhouette: number }[];
  segments: SegmentSummary[];
}

/** Where a segmentation's files are, as the manifest lists them. */
export interface SegmentsEntry {
  file: string;
  assignments: string;
  k: number;
}

/** A prebuilt ANN index, as the manifest lists it (the server loads it instead of building one). */
export interface IndexEntry {
  kind: 'exact' | 'faiss';
  /** FAISS factory string, e.g. `IVF256,Flat`. */
  factory?: string;
  /** FAISS search parameters, e.g. `nprobe=16` or `{ "nprobe": 16 }`. */
  searchParams?: string | Readonly<Record<string, number>>;
  /** Path inside the model directory. */
  file: string;
  rows: number;
  /** Build time in seconds. */
  seconds: number;
}

/** Sizes of the trained model. */
export interface ModelShape {
  /** Embedding width of both towers. */
  dim: number;
  /** Catalogue items. */
  items: number;
  /** Rows of the query-embedding set (one per training interaction). */
  queries: number;
}

/** `manifest.json` of a model directory: the artifact manifest plus what the model is. */
export interface ModelManifest extends Manifest {
  model?: ModelShape;
  /** Embedding sets by name. Directories written before this field existed use {@link embeddingFiles}' names. */
  embeddings?: Partial<Record<EmbeddingSetName, EmbeddingSetEntry>>;
  /** Prebuilt indexes by embedding set. */
  indexes?: Partial<Record<EmbeddingSetName, IndexEntry>>;
  /** Segments by embedding set. */
  segments?: Partial<Record<EmbeddingSetName, SegmentsEntry>>;
  metrics?: ModelMetrics;
}

/** `timestamp-buckets.json`: training interactions per timestamp bucket. */
export interface TimestampBuckets {
  counts: number[];
}
