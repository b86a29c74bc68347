import { EmbeddingsInputError } from '../errors';

/**
 * A graph in compressed sparse row form: node `v`'s neighbours are
 * `neighbours[offsets[v] .. offsets[v + 1])`, sorted ascending and without repeats, so that an
 * edge test is a binary search ({@link hasEdge}, O(log degree)). The builders of this package give
 * undirected graphs: every edge is stored in both rows, with the same weight.
 */
export interface CsrGraph {
  /** Number of nodes; node ids are `0 .. nodes - 1`. */
  nodes: number;
  /** `[nodes + 1]` row starts into `neighbours`, from 0 to `neighbours.length`. */
  offsets: Int32Array;
  /** `[edges]` neighbour ids, each row sorted ascending (`edges` counts both directions). */
  neighbours: Int32Array;
  /** `[edges]` positive edge weights aligned with `neighbours`; absent means every edge weighs 1. */
  weights?: Float32Array;
}

/** Number of neighbours of `node`. */
export function nodeDegree(graph: CsrGraph, node: number): number {
  return graph.offsets[node + 1]! - graph.offsets[node]!;
}

/**
 * Whether `to` is a neighbour of `from`: a binary search of `from`'s sorted row, O(log degree).
 * @returns the position of `to` in `graph.neighbours`, or -1 when there is no such edge.
 */
export function edgeIndex(graph: CsrGraph, from: number, to: number): number {
  const nb = graph.neighbours;
  let lo = graph.offsets[from]!;
  let hi = graph.offsets[from + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = nb[mid]!;
    if (x === to) return mid;
    if (x < to) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Whether the edge `from -> to` exists (see {@link edgeIndex}). */
export function hasEdge(graph: CsrGraph, from: number, to: number): boolean {
  return edgeIndex(graph, from, to) >= 0;
}

/**
 * Checks a graph built elsewhere before walking it: offsets from 0 to `neighbours.length` and
 * non-decreasing, neighbours in `[0, nodes)` and strictly increasing within each row, weights (when
 * given) as many as neighbours, finite and > 0. O(edges).
 * @param field the argument's name in messages. Default `'graph'`.
 * @throws EmbeddingsInputError naming the node or edge at fault.
 */
export function validateCsrGraph(graph: CsrGraph, field = 'graph'): void {
  const { nodes, offsets, neighbours, weights } = graph;
  if (!Number.isInteger(nodes) || nodes < 0) throw new EmbeddingsInputError(`${field}.nodes`, `expected an integer >= 0, got ${nodes}`);
  if (offsets.length !== nodes + 1) {
    throw new EmbeddingsInputError(`${field}.offsets`, `has ${offsets.length} entries; expected nodes + 1 = ${nodes + 1}`);
  }
  if (offsets[0] !== 0 || offsets[nodes] !== neighbours.length) {
    throw new EmbeddingsInputError(`${field}.offsets`, `must start at 0 and end at neighbours.length (${neighbours.length}); got ${offsets[0]} .. ${offsets[nodes]}`);
  }
  if (weights !== undefined && weights.length !== neighbours.length) {
    throw new EmbeddingsInputError(`${field}.weights`, `has ${weights.length} entries but there are ${neighbours.length} neighbours; give one weight per stored edge`);
  }
  for (let v = 0; v < nodes; v++) {
    const start = offsets[v]!;
    const end = offsets[v + 1]!;
    if (end < start) throw new EmbeddingsInputError(`${field}.offsets[${v + 1}]`, `is ${end}, below offsets[${v}] = ${start}; offsets must not decrease`);
    for (let e = start; e < end; e++) {
      const x = neighbours[e]!;
      if (!(x >= 0 && x < nodes)) throw new EmbeddingsInputError(`${field}.neighbours[${e}]`, `node ${v} has neighbour ${x}, outside [0, ${nodes})`);
      if (e > start && x <= neighbours[e - 1]!) {
        throw new EmbeddingsInputError(`${field}.neighbours[${e}]`, `node ${v}'s neighbours are not strictly increasing (${neighbours[e - 1]} then ${x}); sort each row and merge repeated edges`);
      }
      if (weights !== undefined && !(weights[e]! > 0 && Number.isFinite(weights[e]!))) {
        throw new EmbeddingsInputError(`${field}.weights[${e}]`, `edge ${v} -> ${x} weighs ${weights[e]}; weights must be finite and > 0`);
      }
    }
  }
}
