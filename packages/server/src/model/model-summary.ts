import type { Manifest } from '@twotower/artifact';
import type { Ranker, Recommender, RerankKind } from '@twotower/recommender';
import type { EmbeddingSetSummary, SegmentationSummary } from './sets-summary';

/** What answers beside the towers, as `GET /v1/model` reports it. */
export interface StageSummary {
  /** The ranker's kind, or null without ranking models. */
  ranking: { kind: Ranker['kind'] } | null;
  /** The second stage `rerank` uses: `'item-item'`, `'ranker'`, or null (no re-ranking). */
  rerank: RerankKind | null;
  /** What answers a user the model never saw from a history alone: `'item-item'` (the popular items re-ordered by the item-item stage), `'towers'` (the query tower), or null (neither reads a history). */
  coldHistory: 'item-item' | 'towers' | null;
  /** The weight of the popularity lean added to the scores of user-items queries without a timestamp (`Recommender.popularityLean`); 0: none. */
  popularityLean: number;
}

/** The {@link StageSummary} of a loaded recommender (both the in-memory and the database loader report it). */
export function stageSummary(rec: Recommender): StageSummary {
  return {
    ranking: rec.ranker ? { kind: rec.ranker.kind } : null,
    rerank: rec.rerankKind ?? null,
    coldHistory: rec.itemItem?.info.coldHistory ? 'item-item' : rec.historyLength > 0 ? 'towers' : null,
    popularityLean: rec.models.popularityLean,
  };
}

/** What an index is, as reported by `GET /v1/model`. */
export interface IndexSummary {
  kind: 'exact' | 'faiss' | 'pgvector';
  rows: number;
  factory?: string;
  searchParams?: string;
  /** `'built'` at load time, or `'loaded'` from the artifact. */
  source: 'built' | 'loaded';
}

/** Sizes and timings of a loaded model, as reported by `GET /v1/model`. */
export interface ModelSummary {
  version: string;
  dir: string;
  createdAt: string;
  data: Manifest['data'];
  dim: number;
  items: number;
  users: number;
  queryRows: number;
  ranking: StageSummary['ranking'];
  rerank: StageSummary['rerank'];
  coldHistory: StageSummary['coldHistory'];
  popularityLean: StageSummary['popularityLean'];
  /** `queries`: the per-interaction query embeddings; `users`: one row per user (their default-time query vector). */
  indexes: { items: IndexSummary; queries: IndexSummary; users: IndexSummary };
  /** Every embedding set of the model directory (`candidates` always): what a row is, its method, width, rows, and which endpoint answers from it. */
  embeddings: Record<string, EmbeddingSetSummary>;
  /** Every segmentation served (`GET /v1/segments`); empty when the model has none. */
  segmentations: SegmentationSummary[];
  backend: string;
  /** Where the model is served from when it is served from a database (URLs without their password). */
  database?: { url: string; readUrl: string; name: string; schema: string };
  loadSeconds: number;
  loadedAt: string;
}
