/**
 * @internal `cosineNeighbours` lives in `src/nearest-neighbours.ts` (item2vec, DeepWalk and node2vec
 * vectors alike); this path stays while `bench/item2vec-movielens.ts` imports
 * `../dist/item2vec/nearest-neighbours`. Remove it once that import reads `../dist/nearest-neighbours`.
 */
export { cosineNeighbours } from '../nearest-neighbours';
