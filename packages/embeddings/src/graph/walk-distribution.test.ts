import type { CsrGraph } from './csr-graph';
import type { Corpus } from '../corpus';
import { randomWalks, type RandomWalkOptions } from './random-walks';

/**
 * Empirical transition frequencies against the exact probabilities, by Pearson's chi-square per
 * context (the node, and for node2vec the node it was reached from). A context is tested when every
 * expected count is >= 20; the statistic is compared with the 0.999 quantile of chi-square with
 * (outcomes - 1) degrees of freedom: a correct sampler fails one such test with probability 1e-3,
 * and the walks are seeded, so the result does not change between runs. A wrong bias (e.g. 1/p
 * and 1/q swapped, or weights ignored) moves the statistic to the hundreds or thousands.
 */
const CHI2_999 = [0, 10.83, 13.82, 16.27, 18.47, 20.52, 22.46];

// 0 - 1, 0 - 2, 1 - 2, 1 - 3, 1 - 4, 3 - 4, 3 - 5: two triangles and a leaf (5, never tested: one outcome).
const edges: [number, number, number][] = [[0, 1, 1], [0, 2, 3], [1, 2, 2], [1, 3, 1], [1, 4, 4], [3, 4, 1], [3, 5, 2]];
function build(weighted: boolean): CsrGraph {
  const nodes = 6;
  const rows: [number, number][][] = Array.from({ length: nodes }, () => []);
  for (const [a, b, w] of edges) {
    rows[a]!.push([b, w]);
    rows[b]!.push([a, w]);
  }
  rows.forEach((r) => r.sort((x, y) => x[0] - y[0]));
  const flat = rows.flat();
  const offsets = new Int32Array(nodes + 1);
  rows.forEach((r, v) => (offsets[v + 1] = offsets[v]! + r.length));
  return {
    nodes,
    offsets,
    neighbours: Int32Array.from(flat.map((x) => x[0])),
    ...(weighted ? { weights: Float32Array.from(flat.map((x) => x[1])) } : {}),
  };
}

function weightOf(g: CsrGraph, a: number, b: number): number {
  for (let e = g.offsets[a]!; e < g.offsets[a + 1]!; e++) if (g.neighbours[e] === b) return g.weights?.[e] ?? 1;
  return 0;
}

interface Check {
  /** Contexts whose expected counts were all >= 20, so tested. */
  tested: number;
  /** Contexts whose chi-square exceeded the 0.999 quantile, with the statistic. */
  failed: string[];
  /** Transitions to a node that is not a neighbour (must be none). */
  offEdge: number;
}

/** Counts the walks' transitions per context and tests them against the bias of `p`, `q`. */
function checkTransitions(g: CsrGraph, corpus: Corpus, secondOrder: boolean, p = 1, q = 1): Check {
  // counts[(t × nodes + v) × nodes + x]: transitions v -> x, reached from t (t = 0 for first order).
  const n3 = g.nodes;
  const counts = new Int32Array(n3 * n3 * n3);
  for (let s = 0; s + 1 < corpus.offsets.length; s++) {
    for (let k = corpus.offsets[s]! + 2; k < corpus.offsets[s + 1]!; k++) {
      const t = secondOrder ? corpus.tokens[k - 2]! : 0;
      counts[(t * n3 + corpus.tokens[k - 1]!) * n3 + corpus.tokens[k]!]!++;
    }
  }
  const check: Check = { tested: 0, failed: [], offEdge: 0 };
  for (let t = 0; t < (secondOrder ? n3 : 1); t++) {
    for (let v = 0; v < n3; v++) {
      const row = counts.subarray((t * n3 + v) * n3, (t * n3 + v + 1) * n3);
      const n = row.reduce((a, b) => a + b, 0);
      if (n === 0) continue;
      const outcomes: number[] = [];
      const mass: number[] = [];
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const x = g.neighbours[e]!;
        const alpha = !secondOrder ? 1 : x === t ? 1 / p : weightOf(g, t, x) > 0 ? 1 : 1 / q;
        outcomes.push(x);
        mass.push(alpha * (g.weights?.[e] ?? 1));
      }
      row.forEach((c, x) => {
        if (c > 0 && !outcomes.includes(x)) check.offEdge++;
      });
      const z = mass.reduce((a, b) => a + b, 0);
      const expected = mass.map((m) => (n * m) / z);
      if (outcomes.length < 2 || Math.min(...expected) < 20) continue;
      const chi2 = outcomes.reduce((sum, x, j) => sum + (row[x]! - expected[j]!) ** 2 / expected[j]!, 0);
      if (!(chi2 < CHI2_999[outcomes.length - 1]!)) check.failed.push(`${secondOrder ? `${t},` : ''}${v}: chi2 ${chi2.toFixed(1)}`);
      check.tested++;
    }
  }
  return check;
}

const walk = (g: CsrGraph, options: RandomWalkOptions): Corpus => randomWalks(g, { walkLength: 30, seed: 11, ...options });

describe('walk transition frequencies', () => {
  it('weighted DeepWalk steps in proportion to edge weights', () => {
    const g = build(true);
    expect(checkTransitions(g, walk(g, { walksPerNode: 300 }), false)).toEqual({ tested: 5, failed: [], offEdge: 0 });
  });

  it('unweighted DeepWalk steps uniformly (as does a weighted graph with weighted: false)', () => {
    const g = build(false);
    const corpus = walk(g, { walksPerNode: 300 });
    expect(checkTransitions(g, corpus, false)).toEqual({ tested: 5, failed: [], offEdge: 0 });
    const ignored = walk(build(true), { walksPerNode: 300, weighted: false }).tokens;
    expect(ignored.length).toBe(corpus.tokens.length);
    expect(ignored.every((x, k) => x === corpus.tokens[k])).toBe(true);
  });

  it.each([
    [0.25, 4],
    [4, 0.25],
    [2, 0.5],
  ])('node2vec p=%p q=%p: return 1/p, distance 1 weight 1, distance 2 weight 1/q', (p, q) => {
    const g = build(false);
    const check = checkTransitions(g, walk(g, { walksPerNode: 400, p, q }), true, p, q);
    expect(check.failed).toEqual([]);
    expect(check.offEdge).toBe(0);
    expect(check.tested).toBeGreaterThanOrEqual(8);
  });

  it('weighted node2vec multiplies the bias by the edge weight', () => {
    const g = build(true);
    const check = checkTransitions(g, walk(g, { walksPerNode: 400, p: 0.5, q: 2 }), true, 0.5, 2);
    expect(check.failed).toEqual([]);
    expect(check.tested).toBeGreaterThanOrEqual(8);
  });

  it('the check has power: walks with p and q swapped, or first-order walks, fail it', () => {
    const g = build(false);
    expect(checkTransitions(g, walk(g, { walksPerNode: 400, p: 4, q: 0.25 }), true, 0.25, 4).failed.length).toBeGreaterThan(4);
    expect(checkTransitions(g, walk(g, { walksPerNode: 400 }), true, 0.5, 2).failed.length).toBeGreaterThan(4);
  });
});
