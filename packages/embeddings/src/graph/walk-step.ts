import { type CsrGraph, edgeIndex } from './csr-graph';

/**
 * @internal `[edges]` running sums of the weights within each row (`cumulative[e]` = weights of the
 * row up to and including `e`), for weighted first-order steps by binary search: O(edges) memory
 * (8 bytes an edge), O(log degree) a step. An alias table would make a step O(1) but needs 12
 * bytes an edge and a build pass; the walks' cost is dominated by the second-order test anyway.
 */
export function cumulativeWeights(graph: CsrGraph): Float64Array | undefined {
  const w = graph.weights;
  if (w === undefined) return undefined;
  const out = new Float64Array(w.length);
  for (let v = 0; v < graph.nodes; v++) {
    let sum = 0;
    for (let e = graph.offsets[v]!; e < graph.offsets[v + 1]!; e++) out[e] = sum += w[e]!;
  }
  return out;
}

/**
 * @internal One first-order step from `node`: a neighbour drawn uniformly, or in proportion to its
 * edge weight when `cumulative` is given. Returns -1 when the node has no neighbours.
 */
export function firstOrderStep(graph: CsrGraph, cumulative: Float64Array | undefined, node: number, random: () => number): number {
  const start = graph.offsets[node]!;
  const end = graph.offsets[node + 1]!;
  if (end === start) return -1;
  if (cumulative === undefined) return graph.neighbours[start + Math.floor(random() * (end - start))]!;
  const r = random() * cumulative[end - 1]!;
  // First edge whose running sum exceeds r.
  let lo = start;
  let hi = end - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return graph.neighbours[lo]!;
}

/**
 * @internal node2vec's unnormalised bias of stepping from `node` (reached from `previous`) to `next`:
 * `1/p` back to `previous`, 1 to a neighbour of `previous`, `1/q` further away.
 */
export function node2vecBias(graph: CsrGraph, previous: number, next: number, invP: number, invQ: number): number {
  if (next === previous) return invP;
  return edgeIndex(graph, previous, next) >= 0 ? 1 : invQ;
}

/**
 * @internal One second-order (node2vec) step by rejection sampling, as KnightKing and PecanPy do:
 * propose a first-order step `x` (in proportion to `w(node, x)`), accept it with probability
 * `bias(previous, x) / maxBias`; the accepted steps are distributed as `bias × w`, normalised.
 * Each proposal costs one O(log degree) edge test; the expected number of proposals is
 * `maxBias / E[bias]` (at most `max(1/p, 1, 1/q) / min(1/p, 1, 1/q)`).
 */
export function secondOrderStep(
  graph: CsrGraph,
  cumulative: Float64Array | undefined,
  previous: number,
  node: number,
  invP: number,
  invQ: number,
  maxBias: number,
  random: () => number,
): number {
  for (;;) {
    const next = firstOrderStep(graph, cumulative, node, random);
    if (next < 0) return -1;
    const bias = node2vecBias(graph, previous, next, invP, invQ);
    if (bias >= maxBias || random() * maxBias < bias) return next;
  }
}
