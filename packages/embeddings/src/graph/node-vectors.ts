import { EmbeddingsInputError } from '../errors';

/**
 * Splits the node vectors of a bipartite user-item graph (users first, then items, as
 * {@link userItemGraph} numbers them) into user and item vectors (copies).
 *
 * @param vectors `[(numUsers + numItems) × dim]` node vectors, e.g. a skip-gram result's.
 * @param dim vector size.
 * @param layout the graph's `numUsers` and `numItems`.
 * @returns `users` `[numUsers × dim]` and `items` `[numItems × dim]`.
 * @throws EmbeddingsInputError when `vectors` does not hold `(numUsers + numItems) × dim` numbers.
 */
export function splitBipartiteVectors(
  vectors: Float32Array,
  dim: number,
  layout: { numUsers: number; numItems: number },
): { users: Float32Array; items: Float32Array } {
  const { numUsers, numItems } = layout;
  if (vectors.length !== (numUsers + numItems) * dim) {
    throw new EmbeddingsInputError('vectors', `holds ${vectors.length} numbers; expected (numUsers ${numUsers} + numItems ${numItems}) × dim ${dim} = ${(numUsers + numItems) * dim}`);
  }
  return { users: vectors.slice(0, numUsers * dim), items: vectors.slice(numUsers * dim) };
}
