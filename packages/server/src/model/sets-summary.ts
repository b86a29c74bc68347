import type { EmbeddingSetEntry, EmbeddingSetOf } from '@twotower/artifact';
import type { NamedIndexSummary, NamedSet } from './named-sets';
import type { ServedSegmentation } from './segmentations';

/** One embedding set of a model, as `GET /v1/model` lists it (`summary.embeddings[name]`). */
export interface EmbeddingSetSummary {
  /** What a row is. */
  of: EmbeddingSetOf;
  /** How it was learned (`two-tower`, `item2vec`, ...). */
  method: string;
  dim: number;
  /** Rows of the set's file. */
  rows: number;
  /** Catalogue items / known users the set has a vector for (served sets only). */
  vectors?: number;
  /** The endpoints that answer from it with `"embeddings": "<name>"` (empty: the set is in the directory but not served). */
  endpoints: string[];
  /** Its index (named sets; the two-tower's are in `summary.indexes`). */
  index?: NamedIndexSummary;
  /** k of its segmentation, when it has one. */
  segments?: number;
}

/** One segmentation of a model, as `GET /v1/model` lists it (`summary.segmentations`). */
export interface SegmentationSummary {
  set: string;
  of: 'items' | 'users';
  k: number;
  metric: 'cosine' | 'euclidean';
  silhouette?: number;
}

/** Endpoints that take a named set of `of` as `"embeddings"`. */
export const SET_ENDPOINTS: Readonly<Record<'items' | 'users', string>> = { items: 'item-items', users: 'user-users' };

/**
 * The `embeddings` and `segmentations` of a model's summary: every set the manifest lists (the
 * two-tower's `candidates` even when an older manifest does not), what serves it, its index and
 * segmentation.
 * @param entries the manifest's sets (`ModelDirectory.embeddingSets()`)
 * @param candidates `{ dim, rows }` of the two-tower's item embeddings
 */
export function setsSummary(
  entries: Record<string, EmbeddingSetEntry>,
  candidates: { dim: number; rows: number },
  named: ReadonlyMap<string, NamedSet>,
  segmentations: ReadonlyMap<string, ServedSegmentation>,
  bytesOf: (file: string) => number | undefined,
): { embeddings: Record<string, EmbeddingSetSummary>; segmentations: SegmentationSummary[] } {
  const embeddings: Record<string, EmbeddingSetSummary> = {
    candidates: { of: 'items', method: 'two-tower', dim: candidates.dim, rows: candidates.rows, vectors: candidates.rows, endpoints: ['item-items'] },
  };
  for (const [name, entry] of Object.entries(entries)) {
    if (name === 'candidates') continue;
    const set = named.get(name);
    const bytes = bytesOf(entry.file);
    const out: EmbeddingSetSummary = { of: entry.of ?? 'items', method: entry.method ?? 'unknown', dim: entry.dim, rows: set ? set.ids.length : bytes !== undefined ? bytes / 4 / entry.dim : 0, endpoints: [] };
    if (set) {
      out.vectors = set.covered;
      out.endpoints = [SET_ENDPOINTS[set.of]];
      out.index = set.summary;
    }
    embeddings[name] = out;
  }
  const list: SegmentationSummary[] = [];
  for (const [set, seg] of segmentations) {
    if (embeddings[set]) embeddings[set].segments = seg.info.k;
    const s: SegmentationSummary = { set, of: seg.of, k: seg.info.k, metric: seg.info.metric };
    if (seg.info.silhouette !== undefined) s.silhouette = seg.info.silhouette;
    list.push(s);
  }
  return { embeddings, segmentations: list };
}
