import { hasEdge, validateCsrGraph, type CsrGraph } from './csr-graph';
import { keepStrongestNeighbours } from './strongest-neighbours';

// A star: 0 - 1 (w 5), 0 - 2 (w 1), 0 - 3 (w 3), 0 - 4 (w 3), and 1 - 2 (w 2).
const star: CsrGraph = {
  nodes: 5,
  offsets: Int32Array.from([0, 4, 6, 8, 9, 10]),
  neighbours: Int32Array.from([1, 2, 3, 4, 0, 2, 0, 1, 0, 0]),
  weights: Float32Array.from([5, 1, 3, 3, 5, 2, 1, 2, 3, 3]),
};

describe('keepStrongestNeighbours', () => {
  it("keeps each node's k heaviest edges and the edges their other end keeps", () => {
    const g = keepStrongestNeighbours(star, 1);
    expect(() => validateCsrGraph(g)).not.toThrow();
    // 0 keeps 1 (5); 1 keeps 0; 2 keeps 1 (2 > 1); 3 and 4 keep 0. Edge 0 - 2 goes.
    expect(hasEdge(g, 0, 2)).toBe(false);
    expect(hasEdge(g, 2, 0)).toBe(false);
    for (const [a, b] of [[0, 1], [1, 2], [0, 3], [0, 4]] as const) {
      expect(hasEdge(g, a, b)).toBe(true);
      expect(hasEdge(g, b, a)).toBe(true);
    }
    expect(g.neighbours.length).toBe(8);
    expect(Array.from(g.weights!.subarray(g.offsets[0]!, g.offsets[1]!))).toEqual([5, 3, 3]);
  });

  it('breaks ties by lower neighbour id and leaves rows of k or fewer edges whole', () => {
    // 0 links 1..4 with weight 1; 1..4 form a clique of weight 2, so none of them keeps 0 at k = 2.
    const rows = [[1, 2, 3, 4], [0, 2, 3, 4], [0, 1, 3, 4], [0, 1, 2, 4], [0, 1, 2, 3]];
    const g: CsrGraph = {
      nodes: 5,
      offsets: Int32Array.from([0, 4, 8, 12, 16, 20]),
      neighbours: Int32Array.from(rows.flat()),
      weights: Float32Array.from(rows.flatMap((r, v) => r.map((x) => (v === 0 || x === 0 ? 1 : 2)))),
    };
    const kept = keepStrongestNeighbours(g, 2);
    expect(Array.from(kept.neighbours.subarray(kept.offsets[0]!, kept.offsets[1]!))).toEqual([1, 2]);
    expect(hasEdge(kept, 1, 0)).toBe(true);
    expect(hasEdge(kept, 3, 0)).toBe(false);
    expect(keepStrongestNeighbours(star, 4).neighbours).toEqual(star.neighbours);
  });

  it('names a bad k', () => {
    expect(() => keepStrongestNeighbours(star, 0)).toThrow(/^k: expected an integer >= 1/);
  });
});
