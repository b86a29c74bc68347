import { hasEdge, validateCsrGraph, type CsrGraph } from './csr-graph';
import { itemCoOccurrenceGraph } from './co-occurrence-graph';

function edgeWeight(g: CsrGraph, a: number, b: number): number {
  for (let e = g.offsets[a]!; e < g.offsets[a + 1]!; e++) if (g.neighbours[e] === b) return g.weights![e]!;
  return 0;
}

// users: 0 {0,1,2}, 1 {0,1}, 2 {1,2,3} (item 1 twice), 3 {0,1,3}; item 4 unused.
const log = {
  users: Int32Array.from([0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 3]),
  items: Int32Array.from([0, 1, 2, 0, 1, 1, 2, 3, 1, 0, 1, 3]),
};
const extent = { numUsers: 4, numItems: 5 };

describe('itemCoOccurrenceGraph', () => {
  it('weighs each pair by the users who have both (minCount 1)', () => {
    const g = itemCoOccurrenceGraph(log, { ...extent, minCount: 1 });
    expect(() => validateCsrGraph(g)).not.toThrow();
    expect(g.nodes).toBe(5);
    // 0-1: users 0, 1, 3; 0-2: 0; 0-3: 3; 1-2: 0, 2; 1-3: 2, 3; 2-3: 2.
    const expected: [number, number, number][] = [[0, 1, 3], [0, 2, 1], [0, 3, 1], [1, 2, 2], [1, 3, 2], [2, 3, 1]];
    for (const [a, b, w] of expected) {
      expect(edgeWeight(g, a, b)).toBe(w);
      expect(edgeWeight(g, b, a)).toBe(w);
    }
    expect(g.neighbours.length).toBe(2 * expected.length);
    expect(g.offsets[5]! - g.offsets[4]!).toBe(0);
  });

  it('drops pairs fewer than minCount users share (default 2)', () => {
    const g = itemCoOccurrenceGraph(log, extent);
    expect(Array.from(g.neighbours)).toEqual([1, 0, 2, 3, 1, 1]);
    expect(Array.from(g.weights!)).toEqual([3, 3, 2, 2, 2, 2]);
    expect(hasEdge(g, 0, 2)).toBe(false);
  });

  it('samples long histories down to maxItemsPerUser, deterministically', () => {
    const users = new Int32Array(50);
    const items = Int32Array.from({ length: 50 }, (_, k) => k);
    const long = { users, items };
    const longExtent = { numUsers: 1, numItems: 50 };
    const g = itemCoOccurrenceGraph(long, { ...longExtent, minCount: 1, maxItemsPerUser: 10 });
    // A 10-item sample: 10 items with 9 neighbours each.
    let kept = 0;
    for (let a = 0; a < 50; a++) {
      const d = g.offsets[a + 1]! - g.offsets[a]!;
      expect([0, 9]).toContain(d);
      if (d === 9) kept++;
    }
    expect(kept).toBe(10);
    expect(itemCoOccurrenceGraph(long, { ...longExtent, minCount: 1, maxItemsPerUser: 10 }).neighbours).toEqual(g.neighbours);
  });

  it("weighs by cosine c_ab / sqrt(n_a n_b) and keeps each item's strongest edges", () => {
    const g = itemCoOccurrenceGraph(log, { ...extent, minCount: 1, weighting: 'cosine' });
    // users per item: 0: 3 (0, 1, 3), 1: 4, 2: 2, 3: 2.
    expect(edgeWeight(g, 0, 1)).toBeCloseTo(3 / Math.sqrt(12), 6);
    expect(edgeWeight(g, 2, 3)).toBeCloseTo(1 / 2, 6);
    expect(edgeWeight(g, 1, 3)).toBeCloseTo(2 / Math.sqrt(8), 6);
    const sparse = itemCoOccurrenceGraph(log, { ...extent, minCount: 1, weighting: 'cosine', maxNeighbours: 1 });
    expect(() => validateCsrGraph(sparse)).not.toThrow();
    // Strongest: 0 -> 1 (0.866), 1 -> 0, 2 -> 1 (0.707) over 3 (0.5), 3 -> 1 (0.707).
    expect(Array.from(sparse.neighbours)).toEqual([1, 0, 2, 3, 1, 1]);
  });

  it('names a bad option', () => {
    expect(() => itemCoOccurrenceGraph(log, { ...extent, minCount: 0 })).toThrow(/minCount: expected an integer >= 1/);
    expect(() => itemCoOccurrenceGraph(log, { ...extent, maxNeighbours: 0 })).toThrow(/maxNeighbours: expected an integer >= 1/);
    expect(() => itemCoOccurrenceGraph(log, { ...extent, weighting: 'pmi' as 'count' })).toThrow(/weighting: expected 'count' or 'cosine'/);
  });
});
