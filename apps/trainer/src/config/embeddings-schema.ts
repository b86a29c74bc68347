import { z } from 'zod';

const int = (min: number) => z.number().int().min(min);

/** Skip-gram settings shared by item2vec and DeepWalk (unset: the library's defaults, gensim's where it has them). */
const skipGram = {
  dim: int(1).optional(),
  window: int(1).optional(),
  negatives: int(1).optional(),
  subsample: z.number().min(0).optional(),
  minCount: int(1).optional(),
  epochs: int(1).optional(),
  learningRate: z.number().positive().optional(),
  seed: int(0).optional(),
};

/**
 * Embedding sets learned beside the two-tower model from the training rows alone, each kept in
 * the model directory by name, compared on the test split, drawn in the report and served by
 * name. `null` skips a set.
 */
export const EmbeddingsConfigSchema = z
  .strictObject({
    /** item2vec: skip-gram with negative sampling over each user's training items. */
    item2vec: z
      .strictObject({ ...skipGram, order: z.enum(['time', 'shuffle']).optional() })
      .nullable()
      .default({}),
    /** DeepWalk (node2vec when p or q is not 1): skip-gram over random walks on the user-item graph or the item co-occurrence graph. */
    deepwalk: z
      .strictObject({
        ...skipGram,
        graph: z.enum(['user-item', 'co-occurrence']).optional(),
        walksPerNode: int(1).optional(),
        walkLength: int(2).optional(),
        p: z.number().positive().optional(),
        q: z.number().positive().optional(),
      })
      .nullable()
      .default({}),
    /** Item text (titles; a catalogue's description) embedded by the pretrained sentence encoder of @twotower/text. */
    text: z.strictObject({}).nullable().default({}),
    /**
     * Segments: k-means on each set named in `sets` (default: the two-tower's candidates and
     * users, and every learned item set), k given or the best silhouette among `candidates`.
     */
    segments: z
      .strictObject({
        k: z.union([int(2), z.literal('auto')]).default('auto'),
        candidates: z.array(int(2)).min(1).optional(),
        restarts: int(1).optional(),
        sets: z.array(z.string().min(1)).min(1).optional(),
      })
      .nullable()
      .default({ k: 'auto' }),
    /** Compare the item sets (genre agreement of neighbours, item-to-item recall/nDCG, coverage) with EASE's item-item weights as the baseline. */
    compare: z.boolean().default(true),
  })
  .default({ item2vec: {}, deepwalk: {}, text: {}, segments: { k: 'auto' }, compare: true });
