import { MACHINE_EPSILON, type SparseP } from './joint-probabilities';
import type { QuadTree } from './quadtree';

/**
 * Exact t-SNE gradient (Student-t with one degree of freedom) over dense joint probabilities,
 * O(n²) per call, one pass over the pairs: with `w_ij = 1 / (1 + ‖y_i − y_j‖²)` and
 * `Z = Σ_{i≠j} w_ij`, `∂KL/∂y_i = 4 Σ_j (p_ij − w_ij / Z) w_ij (y_i − y_j)
 * = 4 (Σ_j p_ij w_ij (y_i − y_j) − Σ_j w_ij² (y_i − y_j) / Z)`, so attraction, repulsion and Z
 * accumulate together and nothing of size n² is written.
 *
 * @param y `[n, 2]` current embedding.
 * @param p condensed `[n (n − 1) / 2]` joint probabilities.
 * @param exaggeration factor applied to `p` (early exaggeration).
 * @param grad receives `[n, 2]` ∂KL/∂y.
 * @param neg scratch `[n, 2]`.
 * @returns KL(P‖Q) (with the exaggerated P, as scikit-learn reports it) when `computeKl`, else NaN.
 */
export function exactGradient(
  y: Float64Array,
  n: number,
  p: Float64Array,
  exaggeration: number,
  grad: Float64Array,
  neg: Float64Array,
  computeKl: boolean,
): number {
  grad.fill(0);
  neg.fill(0);
  let z = 0;
  let sumPLogW = 0;
  let t = 0;
  for (let i = 0; i < n; i++) {
    const xi = y[2 * i]!;
    const yi = y[2 * i + 1]!;
    let ax = 0;
    let ay = 0;
    let rx = 0;
    let ry = 0;
    for (let j = i + 1; j < n; j++, t++) {
      const dx = xi - y[2 * j]!;
      const dy = yi - y[2 * j + 1]!;
      const w = 1 / (1 + dx * dx + dy * dy);
      const pw = p[t]! * w;
      const ww = w * w;
      z += w;
      ax += pw * dx;
      ay += pw * dy;
      rx += ww * dx;
      ry += ww * dy;
      grad[2 * j]! -= pw * dx;
      grad[2 * j + 1]! -= pw * dy;
      neg[2 * j]! -= ww * dx;
      neg[2 * j + 1]! -= ww * dy;
      if (computeKl) sumPLogW += p[t]! * Math.log(w);
    }
    grad[2 * i]! += ax;
    grad[2 * i + 1]! += ay;
    neg[2 * i]! += rx;
    neg[2 * i + 1]! += ry;
  }
  z *= 2;
  const e4 = 4 * exaggeration;
  for (let u = 0; u < 2 * n; u++) grad[u] = e4 * grad[u]! - (4 * neg[u]!) / z;
  if (!computeKl) return NaN;
  // KL = Σ_{i≠j} p log(p / q) = 2 Σ_{i<j} e·p (log(e·p) − log w + log Z), e the exaggeration
  let sumP = 0;
  let sumPLogP = 0;
  for (let u = 0; u < p.length; u++) {
    const v = p[u]! * exaggeration;
    sumP += v;
    sumPLogP += v * Math.log(Math.max(v, MACHINE_EPSILON));
  }
  return 2 * (sumPLogP - exaggeration * sumPLogW + sumP * Math.log(z));
}

/**
 * Barnes-Hut t-SNE gradient: attractive forces exactly over the sparse P (given as its upper
 * triangle `upper`, see `upperTriangle` in joint-probabilities.ts), repulsive forces from a quadtree where a cell of
 * side `s` at distance `d` stands for all its points when `s / d < theta`.
 * O(nnz(P) + n log n) per call. Single-threaded; {@link BarnesHut} can share the repulsion with a
 * worker thread and gives the same numbers.
 *
 * @param y `[n, 2]` current embedding (the tree must be built over it).
 * @param grad receives `[n, 2]` ∂KL/∂y.
 * @param neg scratch `[n, 2]`.
 * @param groups scratch of n entries.
 * @returns KL(P‖Q) with the Barnes-Hut estimate of Q's normaliser when `computeKl`, else NaN.
 */
export function barnesHutGradient(
  y: Float64Array,
  n: number,
  upper: SparseP,
  exaggeration: number,
  theta: number,
  tree: QuadTree,
  grad: Float64Array,
  neg: Float64Array,
  groups: Int32Array,
  computeKl: boolean,
): number {
  if (groups.length < n) throw new Error('internal: groups scratch must hold n entries');
  const groupQ = new Float64Array(n);
  const count = repulsionGroups(tree, groups);
  repulsiveForces(y, groups, 0, count, theta, tree, neg, groupQ);
  const attraction = attractiveForces(y, n, upper, exaggeration, grad, computeKl);
  return combineForces(n, grad, neg, sumInOrder(groupQ, count), attraction, computeKl);
}

/** Σ values[0 .. count) left to right (the same order however the groups were shared out). */
export function sumInOrder(values: Float64Array, count: number): number {
  let s = 0;
  for (let g = 0; g < count; g++) s += values[g]!;
  return s;
}

/**
 * Unnormalised attraction `Σ_j p_ij w_ij (y_i − y_j)` into `grad` (overwritten), each pair once.
 * With `computeKl`, also the pieces of KL that do not need Q's normaliser.
 */
export function attractiveForces(
  y: Float64Array,
  n: number,
  upper: SparseP,
  exaggeration: number,
  grad: Float64Array,
  computeKl: boolean,
): { sumP: number; sumPLogPOverW: number } {
  const { indptr, indices, values } = upper;
  grad.fill(0);
  let sumP = 0;
  let sumPLogPOverW = 0;
  for (let i = 0; i < n; i++) {
    const xi = y[2 * i]!;
    const yi = y[2 * i + 1]!;
    let ax = 0;
    let ay = 0;
    const end = indptr[i + 1]!;
    for (let e = indptr[i]!; e < end; e++) {
      const j = indices[e]!;
      const dx = xi - y[2 * j]!;
      const dy = yi - y[2 * j + 1]!;
      const q = 1 / (1 + dx * dx + dy * dy);
      const pij = values[e]! * exaggeration;
      const m = pij * q;
      ax += m * dx;
      ay += m * dy;
      grad[2 * j]! -= m * dx;
      grad[2 * j + 1]! -= m * dy;
      if (computeKl) {
        sumP += pij;
        sumPLogPOverW += pij * Math.log(Math.max(pij, MACHINE_EPSILON) / q);
      }
    }
    grad[2 * i]! += ax;
    grad[2 * i + 1]! += ay;
  }
  return { sumP, sumPLogPOverW };
}

/**
 * `grad = 4 (attraction − repulsion / Z)`; returns KL(P‖Q) =
 * `Σ_{i≠j} p (log p − log w + log Z)` (each stored pair counted twice) when `computeKl`.
 */
export function combineForces(
  n: number,
  grad: Float64Array,
  neg: Float64Array,
  sumQ: number,
  attraction: { sumP: number; sumPLogPOverW: number },
  computeKl: boolean,
): number {
  for (let i = 0; i < 2 * n; i++) grad[i] = 4 * (grad[i]! - neg[i]! / sumQ);
  return computeKl ? 2 * (attraction.sumPLogPOverW + attraction.sumP * Math.log(sumQ)) : NaN;
}

/** Largest group of points that share one tree traversal in {@link repulsiveForces}. */
const GROUP_SIZE = 32;

/**
 * Unnormalised repulsive forces `Σ_j q_ij² (y_i − y_j)` of every point into `neg`, and the
 * normaliser `Σ_i Σ_j q_ij` (q unnormalised: `1 / (1 + d²)`), for the groups of points
 * `groups[from .. to)` (see {@link repulsionGroups}).
 *
 * Grouped Barnes-Hut (Barnes 1990): the points of a small subtree share one traversal; a cell of
 * side `s` is summarised by its centre of mass when `s < theta · d` where `d` is the distance from
 * that centre to the group's bounding box — so the test holds for every point of the group, and
 * each point's approximation is at least as accurate as the classic per-point test. Cells that
 * fail the test are opened down to single points (exact interactions, self excluded).
 */
export function repulsiveForces(
  y: Float64Array,
  groups: Int32Array,
  from: number,
  to: number,
  theta: number,
  tree: Pick<QuadTree, 'cells' | 'order' | 'start' | 'next'>,
  neg: Float64Array,
  groupQ?: Float64Array,
): number {
  // Self-contained (no module-level names): a worker thread runs this function's source text.
  const theta2 = theta * theta;
  const { cells, order, start, next } = tree;
  const stack = new Int32Array(4 * 64 + 8);
  let gx = new Float64Array(64);
  let gy = new Float64Array(64);
  let gi = new Int32Array(64);
  let fx = new Float64Array(64);
  let fy = new Float64Array(64);
  let sumQ = 0;
  for (let g = from; g < to; g++) {
    const cell = groups[g]!;
    const first = start[cell]!;
    const m = cells[cell * 8 + 5]!; // points in the group
    if (m > gx.length) {
      // a leaf of many coincident points (duplicated inputs)
      gx = new Float64Array(m);
      gy = new Float64Array(m);
      gi = new Int32Array(m);
      fx = new Float64Array(m);
      fy = new Float64Array(m);
    }
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    for (let t = 0; t < m; t++) {
      const i = order[first + t]!;
      const x = y[2 * i]!;
      const v = y[2 * i + 1]!;
      gi[t] = i;
      gx[t] = x;
      gy[t] = v;
      fx[t] = 0;
      fy[t] = 0;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (v < minY) minY = v;
      if (v > maxY) maxY = v;
    }
    let sq = 0;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const c = stack[--sp]!;
      const o = c * 8;
      const k = cells[o + 5]!; // count
      if (k === 0) continue;
      const cx = cells[o + 3]!; // centre of mass
      const cy = cells[o + 4]!;
      const child = cells[o + 6]!;
      if (child >= 0) {
        const ex = cx < minX ? minX - cx : cx > maxX ? cx - maxX : 0;
        const ey = cy < minY ? minY - cy : cy > maxY ? cy - maxY : 0;
        const s = 2 * cells[o + 2]!; // side
        if (s * s >= theta2 * (ex * ex + ey * ey)) {
          stack[sp++] = child;
          stack[sp++] = child + 1;
          stack[sp++] = child + 2;
          stack[sp++] = child + 3;
          continue;
        }
        for (let t = 0; t < m; t++) {
          const dx = gx[t]! - cx;
          const dy = gy[t]! - cy;
          const q = 1 / (1 + dx * dx + dy * dy);
          sq += k * q;
          const w = k * q * q;
          fx[t]! += w * dx;
          fy[t]! += w * dy;
        }
      } else {
        // a leaf: its points one by one (usually one; several only when coincident)
        for (let p = cells[o + 7]!; p >= 0; p = next[p]!) {
          const px = y[2 * p]!;
          const py = y[2 * p + 1]!;
          for (let t = 0; t < m; t++) {
            if (gi[t] === p) continue;
            const dx = gx[t]! - px;
            const dy = gy[t]! - py;
            const q = 1 / (1 + dx * dx + dy * dy);
            sq += q;
            const w = q * q;
            fx[t]! += w * dx;
            fy[t]! += w * dy;
          }
        }
      }
    }
    for (let t = 0; t < m; t++) {
      neg[2 * gi[t]!] = fx[t]!;
      neg[2 * gi[t]! + 1] = fy[t]!;
    }
    if (groupQ) groupQ[g] = sq;
    sumQ += sq;
  }
  return sumQ;
}

/**
 * The groups of {@link repulsiveForces}: the highest cells holding at most {@link GROUP_SIZE}
 * points (leaves included), in depth-first order. Together they cover every point once.
 *
 * @returns the number of groups written to `out` (which must hold at least n entries).
 */
export function repulsionGroups(tree: QuadTree, out: Int32Array): number {
  const cells = tree.cells;
  const stack: number[] = [0];
  let g = 0;
  while (stack.length > 0) {
    const c = stack.pop()!;
    const o = c * 8;
    const k = cells[o + 5]!;
    if (k === 0) continue;
    const child = cells[o + 6]!;
    if (k <= GROUP_SIZE || child < 0) {
      out[g++] = c;
    } else {
      for (let q = 3; q >= 0; q--) stack.push(child + q);
    }
  }
  return g;
}
