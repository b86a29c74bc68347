import { hasEdge, validateCsrGraph } from './csr-graph';
import { bipartiteItemNodes, itemNode, nodeItem, nodeUser, userItemGraph, userNode } from './user-item-graph';

// 3 users, 4 items; user 0 has item 2 three times; item 3 and user 2 have no rows.
const log = {
  users: Int32Array.from([0, 0, 1, 0, 1, 0, 1]),
  items: Int32Array.from([2, 0, 1, 2, 0, 2, 1]),
};
const extent = { numUsers: 3, numItems: 4 };

describe('userItemGraph', () => {
  it('links users and items once, sorted, in both directions', () => {
    const g = userItemGraph(log, extent);
    expect(g.nodes).toBe(7);
    expect(g.weights).toBeUndefined();
    expect(() => validateCsrGraph(g)).not.toThrow();
    // user 0: items 0, 2 -> nodes 3, 5; user 1: items 0, 1 -> 3, 4; user 2: none.
    expect(Array.from(g.offsets)).toEqual([0, 2, 4, 4, 6, 7, 8, 8]);
    expect(Array.from(g.neighbours)).toEqual([3, 5, 3, 4, 0, 1, 1, 0]);
    for (let v = 0; v < g.nodes; v++) {
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) expect(hasEdge(g, g.neighbours[e]!, v)).toBe(true);
    }
  });

  it('maps nodes back to users and items', () => {
    const g = userItemGraph(log, extent);
    expect(userNode(g, 2)).toBe(2);
    expect(itemNode(g, 1)).toBe(4);
    expect(nodeItem(g, 4)).toBe(1);
    expect(nodeItem(g, 2)).toBe(-1);
    expect(nodeUser(g, 2)).toBe(2);
    expect(nodeUser(g, 3)).toBe(-1);
    expect(Array.from(bipartiteItemNodes(g))).toEqual([3, 4, 5, 6]);
  });

  it('reads only the given rows', () => {
    const g = userItemGraph(log, { ...extent, rows: Int32Array.from([2, 3]) });
    // rows 2 (user 1, item 1) and 3 (user 0, item 2)
    expect(Array.from(g.neighbours)).toEqual([5, 4, 1, 0]);
    expect(Array.from(g.offsets)).toEqual([0, 1, 2, 2, 2, 3, 4, 4]);
  });

  it('names the row and id at fault', () => {
    expect(() => userItemGraph({ ...log, items: Int32Array.from([2, 0, 1, 2, 7, 2, 1]) }, extent)).toThrow(/log\.items\[4\]: is 7, outside \[0, numItems = 4\)/);
    expect(() => userItemGraph({ ...log, users: Int32Array.from([0]) }, extent)).toThrow(/log\.items: has 7 rows but log\.users has 1/);
    expect(() => userItemGraph(log, { ...extent, rows: Int32Array.from([9]) })).toThrow(/options\.rows\[0\]: is 9/);
  });
});
