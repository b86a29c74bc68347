import type { EmbeddingSetEntry, ModelDirectory, SegmentsInfo } from '@twotower/artifact';
import type { Progress } from '@twotower/training';
import { trustworthiness, tsne } from '@twotower/viz';

/** Neighbours of the trustworthiness figure (the same k as the comparison's neighbours). */
export const MAP_TRUST_NEIGHBOURS = 10;

/** One embedding set of a model directory projected to 2-D, with how faithful the map is. */
export interface EmbeddingMap {
  name: string;
  entry: EmbeddingSetEntry;
  /** `[rows × 2]` t-SNE coordinates of the rows that have a vector. */
  points: Float32Array;
  /** Rows of the set drawn (rows with an all-zero vector are left out). */
  rows: Int32Array;
  /** `[rows.length × dim]` the drawn rows' vectors. */
  vectors: Float32Array;
  dim: number;
  /** Trustworthiness of the map at k = {@link MAP_TRUST_NEIGHBOURS}: 1 when every map neighbourhood is a true one, about 0.5 at random. */
  trust: number;
  /** What the t-SNE was (for the figure's caption). */
  caption: string;
  /** The set's segments (`[rows]` of the set, -1 for none) and what they hold, when it has them. */
  segments?: { info: SegmentsInfo; assignments: Int32Array };
}

/**
 * Projects each item or user set of a model directory (the two-tower's `candidates` and every
 * named set: `users`, `item2vec`, `deepwalk`, `text`) to 2-D with t-SNE (seed 0, as every map of
 * the report) and measures the map's trustworthiness, so that the report can draw each set and
 * the comparison can say how far its map can be believed.
 * @param dim the towers' width (the `candidates` set's)
 */
export function embeddingMaps(model: ModelDirectory, dim: number, progress?: Progress): EmbeddingMap[] {
  const out: EmbeddingMap[] = [];
  for (const [name, entry] of Object.entries(model.embeddingSets())) {
    if (entry.of === 'interactions') continue;
    const set = model.embeddingSet(name, name === 'candidates' ? dim : undefined);
    if (!set) continue;
    const n = set.ids.length;
    const keep: number[] = [];
    for (let r = 0; r < n; r++) {
      let any = false;
      for (let d = 0; d < set.dim && !any; d++) any = set.vectors[r * set.dim + d] !== 0;
      if (any) keep.push(r);
    }
    if (keep.length < 4 * MAP_TRUST_NEIGHBOURS) continue;
    const data = new Float32Array(keep.length * set.dim);
    keep.forEach((r, i) => data.set(set.vectors.subarray(r * set.dim, (r + 1) * set.dim), i * set.dim));
    const onWorkProgress = progress?.task(`t-SNE of the ${name} embeddings`);
    const r = tsne(data, set.dim, { seed: 0, ...(onWorkProgress ? { onWorkProgress } : {}) });
    const trust = trustworthiness(data, set.dim, r.embedding, 2, { neighbours: MAP_TRUST_NEIGHBOURS });
    const segments = model.segments(name);
    out.push({
      name,
      entry,
      points: r.embedding,
      rows: Int32Array.from(keep),
      vectors: data,
      dim: set.dim,
      trust,
      caption: `${keep.length} points × ${set.dim} dims · t-SNE (${r.method}, perplexity ${r.perplexity.toFixed(0)}, ${r.iterations} iterations, KL ${r.kl.toFixed(3)}) · trustworthiness ${trust.toFixed(3)} (k = ${MAP_TRUST_NEIGHBOURS})`,
      ...(segments ? { segments } : {}),
    });
  }
  return out;
}
