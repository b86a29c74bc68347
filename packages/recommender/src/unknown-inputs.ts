import type { FeatureSet } from '@twotower/features';
import type { TowerBatch } from '@twotower/towers';

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
