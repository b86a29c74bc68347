import { deriveSeed, mulberry32 } from '@twotower/utils';
import { cosineNeighbours } from '../nearest-neighbours';
import { itemCoOccurrenceGraph } from './co-occurrence-graph';
import { splitBipartiteVectors } from './node-vectors';
import { trainDeepWalk, trainNode2Vec } from './train-deepwalk';
import { bipartiteItemNodes, userItemGraph } from './user-item-graph';

/** 5 communities of 8 items; 60 users, each with 6 items of its community and, 1 time in 5, one item elsewhere. */
function plantedLog() {
  const communities = 5;
  const perCommunity = 8;
  const random = mulberry32(deriveSeed(5, 0));
  const users: number[] = [];
  const items: number[] = [];
  for (let u = 0; u < 60; u++) {
    const c = u % communities;
    for (let j = 0; j < 6; j++) {
      users.push(u);
      items.push(c * perCommunity + Math.floor(random() * perCommunity));
    }
    if (random() < 0.2) {
      users.push(u);
      items.push(Math.floor(random() * communities * perCommunity));
    }
  }
  return { log: { users: Int32Array.from(users), items: Int32Array.from(items) }, extent: { numUsers: 60, numItems: communities * perCommunity }, perCommunity };
}

/** Share of each item's 5 cosine nearest items that are in its community. */
function communityAgreement(itemVectors: Float32Array, dim: number, perCommunity: number): number {
  const nn = cosineNeighbours(itemVectors, dim, 5);
  let same = 0;
  for (let e = 0; e < nn.length; e++) if (Math.floor(nn[e]! / perCommunity) === Math.floor(Math.floor(e / 5) / perCommunity)) same++;
  return same / nn.length;
}

const fast = { dim: 16, walksPerNode: 10, walkLength: 20, epochs: 3, threads: 1 };

describe('trainDeepWalk / trainNode2Vec', () => {
  const { log, extent, perCommunity } = plantedLog();

  it('DeepWalk on the bipartite graph puts items next to their own community', async () => {
    const graph = userItemGraph(log, extent);
    const result = await trainDeepWalk(graph, fast);
    expect(result.itemVectors.length).toBe(40 * 16);
    expect(result.userVectors.length).toBe(60 * 16);
    expect(result.itemVectors).toEqual(result.vectors.slice(60 * 16));
    expect(Array.from(result.itemRows.subarray(0, 2))).toEqual([60, 61]);
    expect(result.walks.sequences).toBe(10 * 100);
    expect(communityAgreement(result.itemVectors, 16, perCommunity)).toBeGreaterThan(0.9);
  });

  it('DeepWalk on the co-occurrence graph and node2vec from items only do too', async () => {
    const co = await trainDeepWalk(itemCoOccurrenceGraph(log, extent), fast);
    expect(co.itemVectors).toBe(co.vectors);
    expect(co.userVectors.length).toBe(0);
    expect(communityAgreement(co.itemVectors, 16, perCommunity)).toBeGreaterThan(0.9);
    const graph = userItemGraph(log, extent);
    const n2v = await trainNode2Vec(graph, { ...fast, p: 2, q: 0.5, startNodes: bipartiteItemNodes(graph) });
    expect(n2v.walks.sequences).toBe(10 * 40);
    expect(communityAgreement(n2v.itemVectors, 16, perCommunity)).toBeGreaterThan(0.9);
  });

  it('is deterministic on one thread', async () => {
    const graph = userItemGraph(log, extent);
    const a = await trainDeepWalk(graph, { ...fast, walksPerNode: 2, epochs: 1, seed: 3 });
    const b = await trainDeepWalk(graph, { ...fast, walksPerNode: 2, epochs: 1, seed: 3 });
    expect(a.vectors).toEqual(b.vectors);
  });

  it('splitBipartiteVectors checks the size', () => {
    const { users, items } = splitBipartiteVectors(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, { numUsers: 1, numItems: 2 });
    expect(Array.from(users)).toEqual([1, 2]);
    expect(Array.from(items)).toEqual([3, 4, 5, 6]);
    expect(() => splitBipartiteVectors(new Float32Array(5), 2, { numUsers: 1, numItems: 2 })).toThrow(/vectors: holds 5 numbers/);
  });
});
