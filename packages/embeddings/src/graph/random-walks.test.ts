import { hasEdge, type CsrGraph } from './csr-graph';
import { randomWalks } from './random-walks';
import { bipartiteItemNodes, userItemGraph } from './user-item-graph';

// 0 - 1, 0 - 2, 1 - 2, 1 - 3, 1 - 4, 3 - 5; node 6 isolated.
const graph: CsrGraph = {
  nodes: 7,
  offsets: Int32Array.from([0, 2, 6, 8, 10, 11, 12, 12]),
  neighbours: Int32Array.from([1, 2, 0, 2, 3, 4, 0, 1, 1, 5, 1, 3]),
};

function everyStepIsAnEdge(g: CsrGraph, tokens: Int32Array, offsets: Int32Array): void {
  let steps = 0;
  for (let s = 0; s + 1 < offsets.length; s++) {
    for (let k = offsets[s]! + 1; k < offsets[s + 1]!; k++) {
      if (!hasEdge(g, tokens[k - 1]!, tokens[k]!)) throw new Error(`walk ${s} steps ${tokens[k - 1]} -> ${tokens[k]}, not an edge`);
      steps++;
    }
  }
  expect(steps).toBeGreaterThan(0);
}

describe('randomWalks', () => {
  it.each([
    ['DeepWalk', 1, 1],
    ['node2vec p=0.25 q=4', 0.25, 4],
    ['node2vec p=4 q=0.25', 4, 0.25],
  ])('%s: every step follows an edge; isolated nodes give no walk', (_name, p, q) => {
    const corpus = randomWalks(graph, { walksPerNode: 5, walkLength: 12, p, q, seed: 3 });
    expect(corpus.vocabulary).toBe(7);
    expect(corpus.offsets.length - 1).toBe(5 * 6);
    expect(corpus.tokens.length).toBe(5 * 6 * 12);
    expect(corpus.tokens.includes(6)).toBe(false);
    everyStepIsAnEdge(graph, corpus.tokens, corpus.offsets);
    // Each node with neighbours starts exactly 5 walks.
    const starts = new Int32Array(7);
    for (let s = 0; s + 1 < corpus.offsets.length; s++) starts[corpus.tokens[corpus.offsets[s]!]!]!++;
    expect(Array.from(starts)).toEqual([5, 5, 5, 5, 5, 5, 0]);
  });

  it('is deterministic under a seed and changes with it', () => {
    const a = randomWalks(graph, { seed: 7, p: 0.5, q: 2 });
    const b = randomWalks(graph, { seed: 7, p: 0.5, q: 2 });
    const c = randomWalks(graph, { seed: 8, p: 0.5, q: 2 });
    expect(a.tokens).toEqual(b.tokens);
    expect(a.offsets).toEqual(b.offsets);
    expect(a.tokens).not.toEqual(c.tokens);
  });

  it('starts only from startNodes, and walks a bipartite graph side to side', () => {
    const g = userItemGraph({
      users: Int32Array.from([0, 0, 1, 1, 2, 2, 2]),
      items: Int32Array.from([0, 1, 1, 2, 0, 2, 3]),
    }, { numUsers: 3, numItems: 4 });
    const corpus = randomWalks(g, { startNodes: bipartiteItemNodes(g), walksPerNode: 3, walkLength: 9, p: 2, q: 0.5 });
    expect(corpus.offsets.length - 1).toBe(12);
    everyStepIsAnEdge(g, corpus.tokens, corpus.offsets);
    for (let s = 0; s + 1 < corpus.offsets.length; s++) {
      for (let k = corpus.offsets[s]!; k < corpus.offsets[s + 1]!; k++) {
        // Items (>= 3) at even positions, users at odd ones.
        expect(corpus.tokens[k]! >= 3).toBe((k - corpus.offsets[s]!) % 2 === 0);
      }
    }
  });

  it('ends a walk early at a node without out-edges (a directed graph)', () => {
    // 0 -> 1 -> 2, and 2 has no out-edge.
    const chain: CsrGraph = { nodes: 3, offsets: Int32Array.from([0, 1, 2, 2]), neighbours: Int32Array.from([1, 2]) };
    const corpus = randomWalks(chain, { walksPerNode: 1, walkLength: 5, p: 2 });
    const walks = Array.from({ length: corpus.offsets.length - 1 }, (_, s) => Array.from(corpus.tokens.subarray(corpus.offsets[s]!, corpus.offsets[s + 1]!)));
    expect(walks.sort()).toEqual([[0, 1, 2], [1, 2]]);
  });

  it('reports progress up to the total', () => {
    const calls: [number, number][] = [];
    randomWalks(graph, { walksPerNode: 4, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.at(-1)).toEqual([28, 28]);
  });

  it('names a bad option', () => {
    expect(() => randomWalks(graph, { p: 0 })).toThrow(/^p: expected a finite number > 0, got 0/);
    expect(() => randomWalks(graph, { walkLength: 0 })).toThrow(/walkLength: expected an integer >= 1/);
    expect(() => randomWalks(graph, { startNodes: Int32Array.from([1, 7]) })).toThrow(/startNodes\[1\]: is 7/);
  });
});
