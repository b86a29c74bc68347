import type { EmbeddingSetOf } from '@twotower/artifact';

/**
 * An embedding set learned beside the two-tower model, ready for the model directory, the
 * comparison and the segments: one row per catalogue item (or per user), by id.
 */
export interface LearnedEmbeddingSet {
  /** Its name in the model directory, the server and the report (`item2vec`, `deepwalk`, `users`...). */
  name: string;
  /** What a row is. */
  of: Exclude<EmbeddingSetOf, 'interactions'>;
  /** How it was learned: `item2vec`, `deepwalk`, `node2vec`, `two-tower`, `text`. */
  method: string;
  /** `[rows]` item (or user) ids, in catalogue (or user) order. */
  ids: string[];
  /** `[rows × dim]` vectors; an all-zero row is a row without a learned vector (see `trained`). */
  vectors: Float32Array;
  dim: number;
  /** `[rows]` 1 where the row has a learned vector (e.g. an item seen in training), when some have none. */
  trained?: Uint8Array;
  /** The options it was learned with (kept in the manifest). */
  options: Record<string, unknown>;
  /** Seconds it took to learn. */
  seconds: number;
  /** Mean loss per epoch, for the sets trained by gradient steps. */
  lossCurve?: { epoch: number; loss: number }[];
}
