import type { ProgressCallback } from '@twotower/utils';
import { progressReporter } from '@twotower/utils';
import { invertSpdInPlace, spdInverseWork } from '../linalg/spd-inverse';
import type { UserItemCsr } from '../protocols/user-item-csr';

/** Multiply-adds of {@link easeWeightsDual}: the users' Gram matrix, its inverse, `K⁻¹X` and `XᵀK⁻¹X`. */
export function easeDualWork(csr: UserItemCsr, numItems: number): { users: number; work: number } {
  const users = activeUsers(csr).length;
  const nnz = csr.items.length;
  let gram = 0;
  const degree = itemDegrees(csr, numItems);
  for (const d of degree) gram += (d * (d + 1)) / 2;
  return { users, work: gram + spdInverseWork(users) + nnz * users + nnz * numItems };
}

/** Users with at least one training item, in order. */
function activeUsers(csr: UserItemCsr): Int32Array {
  const out: number[] = [];
  for (let u = 0; u + 1 < csr.offsets.length; u++) if (csr.offsets[u + 1]! > csr.offsets[u]!) out.push(u);
  return Int32Array.from(out);
}

function itemDegrees(csr: UserItemCsr, numItems: number): Int32Array {
  const degree = new Int32Array(numItems);
  for (const i of csr.items) degree[i]!++;
  return degree;
}

/**
 * EASE's weights through the users' side (Woodbury's identity), for logs with fewer users than
 * items: `(XᵀX + λI)⁻¹ = (I − Xᵀ(XXᵀ + λI)⁻¹X) / λ`, so with `Q = I − XᵀK⁻¹X`, `K = XXᵀ + λI`
 * over the U users who have training items, `B[i][j] = −Q[i][j] / Q[j][j]` (λ cancels). Cost
 * U³/2 for K's inverse (float64) plus about nnz·(U + numItems) for the sparse products, against
 * numItems³/2 for the items' side: 610 users × 9,000 items is seconds instead of minutes.
 * Memory: the `[numItems × numItems]` float32 result, `K` and `[U × numItems]` float64.
 * @returns `[numItems × numItems]` row-major B (zero diagonal)
 */
export function easeWeightsDual(csr: UserItemCsr, numItems: number, lambda: number, onProgress?: ProgressCallback): Float32Array {
  const n = numItems;
  const users = activeUsers(csr);
  const u = users.length;
  const { work } = easeDualWork(csr, n);
  const tick = progressReporter(onProgress, work);
  let done = 0;
  // items → the active users who have them (positions 0 .. u-1), as CSR
  const degree = itemDegrees(csr, n);
  const starts = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) starts[i + 1] = starts[i]! + degree[i]!;
  const fill = starts.slice(0, n);
  const holders = new Int32Array(csr.items.length);
  users.forEach((user, pos) => {
    for (let p = csr.offsets[user]!; p < csr.offsets[user + 1]!; p++) holders[fill[csr.items[p]!]!++] = pos;
  });
  // K = XXᵀ + λI, lower triangle: each item adds 1 to every pair of its holders
  const k = new Float64Array(u * u);
  for (let i = 0; i < n; i++) {
    const s = starts[i]!;
    const e = starts[i + 1]!;
    for (let p = s; p < e; p++) {
      const row = holders[p]! * u;
      for (let q = s; q <= p; q++) k[row + holders[q]!]! += 1;
    }
    done += ((e - s) * (e - s + 1)) / 2;
  }
  for (let a = 0; a < u; a++) k[a * u + a]! += lambda;
  // holders are increasing within an item (users visited in order), so the pairs above fill the lower triangle
  tick(done);
  invertSpdInPlace(k, u, { onProgress: (d) => tick(done + d) });
  done += spdInverseWork(u);
  // Y = K⁻¹X [u × n]: column i is the sum of K⁻¹'s columns (= rows, K⁻¹ symmetric) of i's holders
  const yT = new Float64Array(n * u);
  for (let i = 0; i < n; i++) {
    const out = i * u;
    for (let p = starts[i]!; p < starts[i + 1]!; p++) {
      const row = holders[p]! * u;
      for (let c = 0; c < u; c++) yT[out + c]! += k[row + c]!;
    }
  }
  done += csr.items.length * u;
  tick(done);
  const y = new Float64Array(u * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < u; c++) y[c * n + i] = yT[i * u + c]!;
  // Q = I − XᵀY: row i is e_i minus the sum of Y's rows of i's holders; B[i][j] = −Q[i][j] / Q[j][j]
  const diag = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 1;
    for (let p = starts[j]!; p < starts[j + 1]!; p++) s -= y[holders[p]! * n + j]!;
    diag[j] = s;
  }
  const w = new Float32Array(n * n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    row.fill(0);
    for (let p = starts[i]!; p < starts[i + 1]!; p++) {
      const yr = holders[p]! * n;
      for (let j = 0; j < n; j++) row[j]! += y[yr + j]!;
    }
    // Q[i][j] = −row[j] off the diagonal: B[i][j] = row[j] / Q[j][j]
    const out = i * n;
    for (let j = 0; j < n; j++) w[out + j] = j === i ? 0 : row[j]! / diag[j]!;
    done += starts[i + 1]! - starts[i]! > 0 ? (starts[i + 1]! - starts[i]!) * n : 0;
    tick(done);
  }
  tick(work);
  return w;
}
