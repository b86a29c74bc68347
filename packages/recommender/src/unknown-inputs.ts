import type { FeatureSet } from '@twotower/features';
import type { TowerBatch, TowerInputs } from '@twotower/towers';

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

/**
 * Zeroes the embedding rows an {@link UnknownRow} reads (in place), in each of `towers`' own
 * tables: ids of one value per row (an unknown id, a missing attribute). Training leaves such a
 * row as it starts unless some example reads it (`training.userDropout`, `itemDropout`); at zero,
 * a user or item the model never saw is embedded from the inputs it has (its history, features,
 * title) instead of from a random vector.
 */
export function zeroUnknownRows(towers: readonly TowerInputs[], row: UnknownRow): void {
  for (const inputs of towers) {
    for (const name of row.names) {
      const table = inputs.tables.get(name);
      const ids = row.values[name];
      if (!table || inputs.borrowed.has(name) || !ids || ids.length !== 1) continue;
      const id = ids[0]!;
      if (Number.isInteger(id) && id >= 0 && id < table.vocabularySize) table.weights.fill(0, id * table.dim, (id + 1) * table.dim);
    }
  }
}
