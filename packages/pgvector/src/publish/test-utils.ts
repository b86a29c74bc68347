import { mulberry32 } from '@twotower/utils';
import type { PublishInput } from './publish-types';

/** Seeded `[n]` floats in [-1, 1). */
function randomVectors(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n }, () => rand() * 2 - 1);
}

/**
 * A tiny model to publish: 6 items and 4 users at dim 4; a named set of items (dim 3, its row 2 all
 * zero: no vector) and one of users (dim 2). `version` defaults to `'00000000000000aa'`.
 */
export function tinyModel(version = '00000000000000aa', seed = 1): PublishInput {
  const dim = 4;
  const itemIds = ['i0', 'i1', "i'2", 'i"3', 'i,4', 'i\\5'];
  const userIds = ['u0', 'u1', 'u2', 'u3'];
  const itemSet = randomVectors(6 * 3, seed + 2);
  itemSet.fill(0, 2 * 3, 3 * 3);
  return {
    version,
    dim,
    manifest: { format: 1, createdAt: '2025-01-01T00:00:00.000Z', note: 'tiny' },
    items: { ids: itemIds, titles: ['Zero', 'One, "quoted"', 'Two\nlines', 'Three\\back', '', 'Five'], vectors: randomVectors(6 * dim, seed) },
    users: {
      ids: userIds,
      vectors: randomVectors(4 * dim, seed + 1),
      lastTimestamp: Float64Array.from([880_000_000, 880_000_001.5, 0, 890_000_000]),
      seen: { offsets: Int32Array.from([0, 2, 2, 5, 6]), items: Int32Array.from([0, 3, 1, 2, 5, 4]) },
    },
    sets: [
      { name: 'item2vec', of: 'items', ids: itemIds, vectors: itemSet, dim: 3 },
      { name: 'two-tower-users', of: 'users', ids: userIds, vectors: randomVectors(4 * 2, seed + 3), dim: 2 },
    ],
  };
}
