import { TopK } from '@twotower/utils';
import { type CsrGraph, edgeIndex, validateCsrGraph } from './csr-graph';
import { checkInteger } from '../errors';

/**
 * Sparsifies an undirected graph: keeps each node's `k` heaviest edges (ties by lower neighbour
 * id) and, so that the result stays undirected, every edge that either end keeps (a union of the
 * top-k lists: a node may end with more than `k` neighbours, never fewer than `min(k, degree)`).
 * Dense co-occurrence graphs, where a popular item neighbours almost every other, walk mostly
 * to popular items; keeping the strongest edges of a popularity-corrected weight (see
 * {@link itemCoOccurrenceGraph}'s `weighting`) leaves the walks local. O(edges log k).
 *
 * @param graph an undirected graph (each edge stored in both rows); unweighted edges all weigh 1.
 * @param k edges each node keeps (an integer >= 1).
 * @returns a new graph with the kept edges and their weights.
 * @throws EmbeddingsInputError when `k` is not a positive integer or the graph is malformed.
 */
export function keepStrongestNeighbours(graph: CsrGraph, k: number): CsrGraph {
  checkInteger('k', k, 1);
  validateCsrGraph(graph);
  const { nodes, offsets, neighbours, weights } = graph;
  const keep = new Uint8Array(neighbours.length);
  const heap = new TopK(k);
  const best = new Int32Array(k);
  for (let v = 0; v < nodes; v++) {
    const start = offsets[v]!;
    const end = offsets[v + 1]!;
    let kept = end - start;
    if (kept > k) {
      heap.reset(k);
      // Index = position in the row, so ties go to the lower neighbour id (rows are sorted).
      for (let e = start; e < end; e++) heap.push(e - start, weights === undefined ? 1 : weights[e]!);
      kept = heap.drainSorted(best);
    }
    for (let j = 0; j < kept; j++) {
      const e = start + (end - start > k ? best[j]! : j);
      keep[e] = 1;
      const back = edgeIndex(graph, neighbours[e]!, v);
      if (back >= 0) keep[back] = 1;
    }
  }
  const out = new Int32Array(nodes + 1);
  let edges = 0;
  for (let e = 0; e < keep.length; e++) edges += keep[e]!;
  const kn = new Int32Array(edges);
  const kw = weights === undefined ? undefined : new Float32Array(edges);
  let w = 0;
  for (let v = 0; v < nodes; v++) {
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
      if (keep[e] === 0) continue;
      kn[w] = neighbours[e]!;
      if (kw !== undefined) kw[w] = weights![e]!;
      w++;
    }
    out[v + 1] = w;
  }
  return kw === undefined ? { nodes, offsets: out, neighbours: kn } : { nodes, offsets: out, neighbours: kn, weights: kw };
}
