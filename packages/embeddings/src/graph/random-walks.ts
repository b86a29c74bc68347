import { deriveSeed, mulberry32, progressReporter, shuffleInPlace, type ProgressCallback } from '@twotower/utils';
import type { Corpus } from '../corpus';
import { type CsrGraph, validateCsrGraph } from './csr-graph';
import { checkInteger, checkPositive, EmbeddingsInputError } from '../errors';
import { cumulativeWeights, firstOrderStep, secondOrderStep } from './walk-step';

/** Options of {@link randomWalks}. */
export interface RandomWalkOptions {
  /** Walks started from each start node. Default 10. */
  walksPerNode?: number;
  /** Nodes per walk, the start included (shorter only when a node without out-edges is reached). Default 40. */
  walkLength?: number;
  /** node2vec return parameter: stepping back to the previous node weighs `1/p`. Default 1. */
  p?: number;
  /** node2vec in-out parameter: stepping to a node two hops from the previous one weighs `1/q`. Default 1. */
  q?: number;
  /** Follow edges in proportion to `graph.weights` (when the graph has them). Default true. */
  weighted?: boolean;
  /** Seed; round `r` draws from `mulberry32(deriveSeed(seed, r))`. Default 42. */
  seed?: number;
  /** Nodes the walks start from (e.g. only items of a bipartite graph). Default: every node. */
  startNodes?: Int32Array;
  /** Called with walks done of `walksPerNode × startNodes`. */
  onProgress?: ProgressCallback;
}

/**
 * Random walks on a graph, as a {@link Corpus} of node ids for a skip-gram trainer.
 *
 * - `p = q = 1`: DeepWalk's first-order walk; each step goes to a neighbour chosen uniformly, or
 *   in proportion to the edge weight when the graph has `weights` (and `weighted` is not false).
 * - otherwise node2vec's second-order walk: from `v`, reached from `t`, the next node `x` is drawn
 *   in proportion to `w(v, x) × α`, with `α = 1/p` when `x = t`, 1 when `x` is a neighbour of `t`,
 *   `1/q` otherwise (the first step of a walk is first-order). Sampled by rejection (KnightKing,
 *   PecanPy): propose a first-order step, accept with probability `α / max α`; the test
 *   "is `x` a neighbour of `t`" is a binary search of `t`'s sorted row. Memory stays O(edges),
 *   where node2vec's precomputed alias tables need one table per directed edge `(t, v)` over `v`'s
 *   neighbours, Σ_v d_v² entries: 2.4e7 (about 190 MB as float32 + int32) on the bipartite graph of
 *   ML-100K's 80k training pairs, against 0.6 MB for the graph itself, for a speed-up of a small
 *   constant. The price: every rejected proposal is a wasted draw, about `max α / mean α` of them
 *   a step. On ML-100K's bipartite graph (2 loaded CPUs) DeepWalk walked 9-15M steps/s,
 *   `p = 1, q = 0.5` 6-7.5M, `q = 2` 3.5-5M, but `p = 0.25, q = 4` only 0.4-1M (a return weighs 16
 *   times any other step, so 15 of 16 proposals are rejected); KnightKing's outlier folding would
 *   fix that case and is not done here. On a bipartite graph no neighbour of `v` is a neighbour
 *   of `t`, so `α` is only `1/p` (back) or `1/q` (on).
 *
 * Each round shuffles the start nodes (seeded) and starts one walk from each. Start nodes with no
 * neighbours are skipped (they give no sequence, so `sequences ≤ walksPerNode × startNodes`).
 * Deterministic for a given graph, options and seed.
 *
 * @returns a corpus over `vocabulary = graph.nodes`: up to `walksPerNode × startNodes` walks of up to `walkLength` nodes.
 * @throws EmbeddingsInputError when the graph is malformed (see {@link validateCsrGraph}) or an option is invalid.
 */
export function randomWalks(graph: CsrGraph, options: RandomWalkOptions = {}): Corpus {
  validateCsrGraph(graph);
  const walksPerNode = checkInteger('walksPerNode', options.walksPerNode ?? 10, 1);
  const walkLength = checkInteger('walkLength', options.walkLength ?? 40, 1);
  const invP = 1 / checkPositive('p', options.p ?? 1);
  const invQ = 1 / checkPositive('q', options.q ?? 1);
  const seed = options.seed ?? 42;
  const firstOrder = invP === 1 && invQ === 1;
  const maxBias = Math.max(invP, 1, invQ);
  const cumulative = options.weighted === false ? undefined : cumulativeWeights(graph);
  const starts = startNodes(graph, options.startNodes);
  const total = walksPerNode * starts.length;
  if (total * walkLength > 0x7fffffff) {
    throw new EmbeddingsInputError('walkLength', `walksPerNode × startNodes × walkLength = ${total * walkLength} tokens exceed 2³¹ - 1; walk fewer or shorter`);
  }
  const tokens = new Int32Array(total * walkLength);
  const offsets = new Int32Array(total + 1);
  const tick = progressReporter(options.onProgress, total);
  let walks = 0;
  let n = 0;
  for (let round = 0; round < walksPerNode; round++) {
    const random = mulberry32(deriveSeed(seed, round));
    const order = shuffleInPlace(starts.slice(), random);
    for (let s = 0; s < order.length; s++) {
      const start = order[s]!;
      if (graph.offsets[start + 1] === graph.offsets[start]) continue;
      tokens[n++] = start;
      let previous = -1;
      let node = start;
      for (let step = 1; step < walkLength; step++) {
        const next = firstOrder || previous < 0
          ? firstOrderStep(graph, cumulative, node, random)
          : secondOrderStep(graph, cumulative, previous, node, invP, invQ, maxBias, random);
        if (next < 0) break;
        tokens[n++] = next;
        previous = node;
        node = next;
      }
      offsets[++walks] = n;
      tick(round * order.length + s + 1);
    }
  }
  tick(total);
  return {
    tokens: n === tokens.length ? tokens : tokens.slice(0, n),
    offsets: walks === total ? offsets : offsets.slice(0, walks + 1),
    vocabulary: graph.nodes,
  };
}

function startNodes(graph: CsrGraph, given: Int32Array | undefined): Int32Array {
  if (given === undefined) {
    const all = new Int32Array(graph.nodes);
    for (let v = 0; v < all.length; v++) all[v] = v;
    return all;
  }
  for (let k = 0; k < given.length; k++) {
    const v = given[k]!;
    if (!(v >= 0 && v < graph.nodes)) throw new EmbeddingsInputError(`startNodes[${k}]`, `is ${v}, outside the graph's nodes [0, ${graph.nodes})`);
  }
  return given;
}
