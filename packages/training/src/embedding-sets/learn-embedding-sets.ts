import { itemCoOccurrenceGraph, trainItem2Vec, trainNode2Vec, userItemGraph, type Item2VecOptions, type Node2VecOptions, type SkipGramResult } from '@twotower/embeddings';
import type { Progress } from '../progress';
import type { TrainingData } from '../training-data';
import type { LearnedEmbeddingSet } from './learned-set';

/** Options of the item2vec set: `trainItem2Vec`'s (`@twotower/embeddings`), the log's part given here. */
export type Item2VecSetOptions = Omit<Item2VecOptions, 'numItems' | 'rows' | 'onProgress' | 'onEpoch'>;

/** Options of the DeepWalk / node2vec set: `trainNode2Vec`'s, plus the graph walked. */
export type GraphWalkSetOptions = Omit<Node2VecOptions, 'onWalkProgress' | 'onTrainProgress' | 'onEpoch' | 'startNodes'> & {
  /** The bipartite user-item graph (default) or the item co-occurrence graph (items linked by users who have both). */
  graph?: 'user-item' | 'co-occurrence';
  /** Co-occurrence graph: fewest users sharing a pair for an edge. Default that of `itemCoOccurrenceGraph`. */
  minCount?: number;
};

/** Options of {@link learnEmbeddingSets}: each set's options, or `false` to skip it. */
export interface EmbeddingSetsOptions {
  /** item2vec: skip-gram over each user's training items. Default `{}` (its defaults). */
  item2vec?: Item2VecSetOptions | false;
  /** DeepWalk (node2vec when `p` or `q` is not 1): skip-gram over random walks on the training graph. Default `{}`. */
  deepwalk?: GraphWalkSetOptions | false;
  /** Shows each set's training as a task (a bar on a terminal). */
  progress?: Progress;
}

/** Scales each row to unit length in place (zero rows stay zero), so that inner products are cosines. */
export function normaliseRows(vectors: Float32Array, dim: number): Float32Array {
  for (let r = 0; r * dim < vectors.length; r++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += vectors[r * dim + d]! ** 2;
    if (s === 0) continue;
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < dim; d++) vectors[r * dim + d]! *= inv;
  }
  return vectors;
}

/** `[numItems]` 1 for items with a trained, non-zero vector, or undefined when all have one. */
function trainedRows(vectors: Float32Array, dim: number, flags?: Uint8Array): Uint8Array | undefined {
  const n = vectors.length / dim;
  const out = new Uint8Array(n);
  let all = true;
  for (let r = 0; r < n; r++) {
    let nonZero = false;
    for (let d = 0; d < dim && !nonZero; d++) nonZero = vectors[r * dim + d] !== 0;
    out[r] = nonZero && (!flags || flags[r] === 1) ? 1 : 0;
    if (out[r] === 0) {
      all = false;
      vectors.fill(0, r * dim, (r + 1) * dim);
    }
  }
  return all ? undefined : out;
}

function learned(name: string, method: string, ids: readonly string[], result: SkipGramResult, vectors: Float32Array, options: Record<string, unknown>): LearnedEmbeddingSet {
  const trained = trainedRows(vectors, result.dim, vectors === result.vectors ? result.trained : undefined);
  return {
    name,
    of: 'items',
    method,
    ids: [...ids],
    vectors: normaliseRows(vectors, result.dim),
    dim: result.dim,
    ...(trained ? { trained } : {}),
    options,
    seconds: result.seconds,
    lossCurve: result.lossCurve,
  };
}

/**
 * Learns the item embedding sets that need only the interaction log, from the **training rows**
 * alone (never a test row): item2vec (`item2vec`) and DeepWalk or node2vec on the user-item or
 * item co-occurrence graph (`deepwalk` / `node2vec`). Rows are L2-normalised (an inner product
 * is their cosine, as the server's index searches), items never seen in training have an
 * all-zero row and `trained` 0.
 * @returns the sets, one row per catalogue item in catalogue order
 */
export async function learnEmbeddingSets(data: TrainingData, options: EmbeddingSetsOptions = {}): Promise<LearnedEmbeddingSet[]> {
  const out: LearnedEmbeddingSet[] = [];
  const { users, items, timestamps, itemIds } = data.log;
  const task = (label: string) => options.progress?.task(label);
  if (options.item2vec !== false) {
    const o = options.item2vec ?? {};
    const onProgress = task('item2vec');
    const r = await trainItem2Vec({ users, items, ...(data.hasTimestamps ? { timestamps } : {}) }, { ...o, numItems: data.numItems, rows: data.trainRows, ...(onProgress ? { onProgress } : {}) });
    out.push(learned('item2vec', 'item2vec', itemIds, r, r.vectors, { ...o }));
  }
  if (options.deepwalk !== false) {
    const { graph: kind = 'user-item', minCount, ...o } = options.deepwalk ?? {};
    const extent = { numUsers: data.numUsers, numItems: data.numItems, rows: data.trainRows };
    const graph = kind === 'user-item' ? userItemGraph({ users, items }, extent) : itemCoOccurrenceGraph({ users, items }, { ...extent, ...(minCount !== undefined ? { minCount } : {}) });
    const method = (o.p ?? 1) === 1 && (o.q ?? 1) === 1 ? 'deepwalk' : 'node2vec';
    const onTrainProgress = task(method === 'deepwalk' ? 'DeepWalk' : 'node2vec');
    const r = await trainNode2Vec(graph, { ...o, ...(onTrainProgress ? { onTrainProgress } : {}) });
    out.push(learned(method, method, itemIds, r, r.itemVectors, { graph: kind, ...(minCount !== undefined ? { minCount } : {}), ...o }));
  }
  return out;
}
