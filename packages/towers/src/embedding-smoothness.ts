import type { EmbeddingTable } from './embedding-table';

/**
 * Adds the gradient of a smoothness penalty over consecutive rows of a table to its pending
 * gradient: `weight · Σ_b ‖e_b − e_{b+1}‖²` for b in `[0, rows − 1)` (rows past `rows`, such as
 * an extra "no value" row, are left out). Neighbouring rows of an ordered vocabulary (timestamp
 * buckets) are pulled together, so that the table becomes a function of the order. Apply it
 * with the table's `applyAccumulated`, as any other gradient.
 * @param rows the ordered rows, `[0, rows)` of the table's `[vocabularySize × dim]`
 * @returns the penalty before the step
 */
export function accumulateSmoothness(table: EmbeddingTable, rows: number, weight: number): number {
  if (!(weight >= 0 && Number.isFinite(weight))) throw new Error(`smoothness weight must be a finite number >= 0, got ${weight}`);
  if (!(Number.isInteger(rows) && rows >= 0 && rows <= table.vocabularySize)) throw new Error(`smoothness rows must be an integer in [0, ${table.vocabularySize}], got ${rows}`);
  if (weight === 0 || rows < 2) return 0;
  const dim = table.dim;
  const W = table.weights;
  const diff = new Float32Array(dim);
  let penalty = 0;
  for (let b = 0; b + 1 < rows; b++) {
    const o = b * dim;
    for (let d = 0; d < dim; d++) {
      const x = W[o + d]! - W[o + dim + d]!;
      diff[d] = x;
      penalty += x * x;
    }
    // d/de_b = 2w (e_b − e_{b+1}), d/de_{b+1} = −2w (e_b − e_{b+1})
    table.accumulate(b, diff, 0, 2 * weight);
    table.accumulate(b + 1, diff, 0, -2 * weight);
  }
  return weight * penalty;
}
