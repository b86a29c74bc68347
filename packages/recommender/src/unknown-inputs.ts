import type { FeatureSet } from '@twotower/features';
import type { EmbeddingTable, TowerBatch, TowerInputs } from '@twotower/towers';

/**
 * One row of tower inputs: what a user or item the model never saw reads for some inputs, and
 * the names of those inputs. Built once per recommender (see `Recommender.blankUser`,
 * `Recommender.blankItemId`).
 */
export interface UnknownRow {
  names: string[];
  /** Per input name, `[width]` values. */
  values: TowerBatch;
}

/** The inputs of a feature set whose source passes `reads`, and their values in a one-row batch. */
export function unknownRow(features: FeatureSet, reads: (source: string) => boolean, oneRow: () => TowerBatch): UnknownRow {
  const names = features.describe().filter((d) => reads(d.source)).map((d) => d.name);
  return { names, values: names.length > 0 ? oneRow() : {} };
}

/** Writes an {@link UnknownRow}'s values into rows `rows` of a batch (in place). */
export function fillUnknown(batch: TowerBatch, row: UnknownRow, rows: ArrayLike<number>): void {
  for (const name of row.names) {
    const values = batch[name];
    const blank = row.values[name];
    if (!values || !blank) continue;
    const w = blank.length;
    for (let k = 0; k < rows.length; k++) values.set(blank, rows[k]! * w);
  }
}

/** Each of `towers`' own tables an {@link UnknownRow} reads with one id per row (an unknown id, a missing attribute), with that id. */
function* unknownTableRows(towers: readonly TowerInputs[], row: UnknownRow): Generator<{ table: EmbeddingTable; id: number }> {
  for (const inputs of towers) {
    for (const name of row.names) {
      const table = inputs.tables.get(name);
      const ids = row.values[name];
      if (!table || inputs.borrowed.has(name) || !ids || ids.length !== 1) continue;
      const id = ids[0]!;
      if (Number.isInteger(id) && id >= 0 && id < table.vocabularySize) yield { table, id };
    }
  }
}

/**
 * Zeroes the embedding rows an {@link UnknownRow} reads (in place), in each of `towers`' own
 * tables. Training leaves such a row as it starts unless some example reads it
 * (`training.userDropout`, `itemDropout`); at zero, a user or item the model never saw is
 * embedded from the inputs it has (its history, features, title) instead of from a random vector.
 */
export function zeroUnknownRows(towers: readonly TowerInputs[], row: UnknownRow): void {
  for (const { table, id } of unknownTableRows(towers, row)) table.weights.fill(0, id * table.dim, (id + 1) * table.dim);
}

/**
 * Sets each row an {@link UnknownRow} reads that is still all zeros (never trained: see
 * {@link zeroUnknownRows}) to the mean of its table's other rows (in place): after training, a
 * user the model never saw reads the average user's id embedding (an unknown item, the average
 * item's), beside its history, attributes or features. Rows some example trained are left as
 * they are.
 * @returns how many rows were set
 */
export function averageUnknownRows(towers: readonly TowerInputs[], row: UnknownRow): number {
  let set = 0;
  for (const { table, id } of unknownTableRows(towers, row)) {
    const { dim: d, vocabularySize: n, weights: w } = table;
    if (n < 2 || w.subarray(id * d, (id + 1) * d).some((x) => x !== 0)) continue;
    const mean = new Float64Array(d);
    for (let r = 0; r < n; r++) if (r !== id) for (let j = 0; j < d; j++) mean[j] = mean[j]! + w[r * d + j]!;
    for (let j = 0; j < d; j++) w[id * d + j] = mean[j]! / (n - 1);
    set++;
  }
  return set;
}
