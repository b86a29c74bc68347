import { edgeIndex, hasEdge, nodeDegree, validateCsrGraph, type CsrGraph } from './csr-graph';
import { EmbeddingsInputError } from '../errors';

// 0 - 1, 0 - 2, 1 - 2, 2 - 3; node 4 isolated.
const graph: CsrGraph = {
  nodes: 5,
  offsets: Int32Array.from([0, 2, 4, 7, 8, 8]),
  neighbours: Int32Array.from([1, 2, 0, 2, 0, 1, 3, 2]),
};

describe('CsrGraph helpers', () => {
  it('finds edges by binary search and reports degrees', () => {
    expect(hasEdge(graph, 0, 2)).toBe(true);
    expect(hasEdge(graph, 2, 3)).toBe(true);
    expect(hasEdge(graph, 0, 3)).toBe(false);
    expect(hasEdge(graph, 4, 0)).toBe(false);
    expect(edgeIndex(graph, 2, 1)).toBe(5);
    expect([0, 1, 2, 3, 4].map((v) => nodeDegree(graph, v))).toEqual([2, 2, 3, 1, 0]);
  });

  it('accepts a well-formed graph', () => {
    expect(() => validateCsrGraph(graph)).not.toThrow();
  });

  it('names the row at fault', () => {
    const unsorted = { ...graph, neighbours: Int32Array.from([2, 1, 0, 2, 0, 1, 3, 2]) };
    expect(() => validateCsrGraph(unsorted)).toThrow(/graph\.neighbours\[1\].*not strictly increasing/);
    const outside = { ...graph, neighbours: Int32Array.from([1, 9, 0, 2, 0, 1, 3, 2]) };
    expect(() => validateCsrGraph(outside)).toThrow(EmbeddingsInputError);
    expect(() => validateCsrGraph({ ...graph, offsets: Int32Array.from([0, 2, 4, 7, 8]) })).toThrow(/graph\.offsets: has 5 entries/);
    expect(() => validateCsrGraph({ ...graph, weights: new Float32Array(8) })).toThrow(/graph\.weights\[0\].*> 0/);
    expect(() => validateCsrGraph({ ...graph, weights: new Float32Array(3) })).toThrow(/graph\.weights: has 3 entries/);
  });
});
