import type { FeatureSet } from '@twotower/features';
import type { TowerBatch, TowerInputSpec } from '@twotower/towers';
import type { RecommenderSpec } from './spec';
import { copyTowerBatch } from './tower-specs';

/** The query source the time features read (`queryColumns`). */
export const TIME_SOURCE = 'timestamp';

/**
 * The query-tower inputs that read the time: every query feature of source `timestamp`
 * (buckets at each resolution, the standardised value).
 */
export function timeInputNames(queryFeatures: FeatureSet): string[] {
  return queryFeatures.describe().filter((d) => d.source === TIME_SOURCE).map((d) => d.name);
}

/**
 * Tower inputs with a "no time" value for each time input: an embedded one gets one more row
 * (its last, never a bucket), a numeric one reads 0 (the standardised mean). Inputs that do not
 * read the time are returned as they are.
 */
export function withNoTimeRow(inputs: TowerInputSpec[], timeInputs: readonly string[]): TowerInputSpec[] {
  const time = new Set(timeInputs);
  return inputs.map((s) => (s.kind === 'embedding' && time.has(s.name) ? { ...s, vocabularySize: s.vocabularySize + 1 } : s));
}

/**
 * Sets the time inputs of some rows of a query batch to "no time" (in place): the extra row of
 * each embedded time input, 0 for a numeric one.
 * @param rows the rows to blank, or `'all'`
 */
export function blankTime(batch: TowerBatch, specs: readonly TowerInputSpec[], timeInputs: readonly string[], rows: ArrayLike<number> | 'all'): void {
  for (const name of timeInputs) {
    const spec = specs.find((s) => s.name === name);
    const values = batch[name];
    if (!spec || !values) continue;
    const width = spec.width ?? 1;
    const blank = spec.kind === 'embedding' ? spec.vocabularySize - 1 : 0;
    if (rows === 'all') {
      values.fill(blank);
      continue;
    }
    for (let k = 0; k < rows.length; k++) values.fill(blank, rows[k]! * width, (rows[k]! + 1) * width);
  }
}

/** The members that never read a time: those at 1 in `spec.memberTimeDropout`. */
export function timelessMembers(spec: Pick<RecommenderSpec, 'memberTimeDropout'>): number[] {
  return (spec.memberTimeDropout ?? []).flatMap((v, k) => (v >= 1 ? [k] : []));
}

/**
 * A query batch as each of `members` members reads it: the members in `timeless` get a copy with
 * every time blanked (by `blankAll`), the others the batch itself. Without timeless members: the
 * batch itself, one for all.
 */
export function memberQueryBatches(batch: TowerBatch, members: number, timeless: readonly number[], blankAll: (batch: TowerBatch) => void): TowerBatch | TowerBatch[] {
  if (timeless.length === 0) return batch;
  const blanked = copyTowerBatch(batch);
  blankAll(blanked);
  return Array.from({ length: members }, (_, k) => (timeless.includes(k) ? blanked : batch));
}
