import type { FeatureBatch, FeatureSet } from '@twotower/features';
import type { TowerBatch, TowerInputSpec } from '@twotower/towers';

/**
 * The tower inputs matching a fitted feature set: every id feature (categorical, hashed,
 * discretized, text) becomes an embedding of its cardinality and `embeddingDim` (text: its
 * sequence length as width, mean-pooled); numeric features pass through.
 */
export function towerInputsFromFeatures(features: FeatureSet, defaultDim = 32): TowerInputSpec[] {
  return features.describe().map((d): TowerInputSpec => {
    if (d.kind === 'numeric') return { name: d.name, kind: 'numeric', width: d.width };
    if (d.cardinality === undefined) throw new Error(`feature "${d.name}" (${d.kind}) has no cardinality: was the feature set fitted?`);
    return { name: d.name, kind: 'embedding', vocabularySize: d.cardinality, dim: d.embeddingDim ?? defaultDim, width: d.width };
  });
}

/** The values of a transformed feature batch, keyed by feature name, as towers read them. */
export function toTowerBatch(batch: FeatureBatch): TowerBatch {
  const out: TowerBatch = {};
  for (const [name, f] of Object.entries(batch)) out[name] = f.values;
  return out;
}

/**
 * Rows `rows` of a tower batch whose inputs have the given widths (a gather over rows).
 * @param rows [n] row indices into `batch`
 */
export function gatherTowerBatch(batch: TowerBatch, specs: readonly TowerInputSpec[], rows: ArrayLike<number>): TowerBatch {
  const out: TowerBatch = {};
  const n = rows.length;
  for (const s of specs) {
    const w = s.width ?? 1;
    const src = batch[s.name]!;
    const dst = src instanceof Int32Array ? new Int32Array(n * w) : new Float32Array(n * w);
    if (w === 1) {
      for (let i = 0; i < n; i++) dst[i] = src[rows[i]!]!;
    } else {
      for (let i = 0; i < n; i++) dst.set(src.subarray(rows[i]! * w, rows[i]! * w + w), i * w);
    }
    out[s.name] = dst;
  }
  return out;
}

/** A copy of a tower batch whose arrays can be changed without touching the original's. */
export function copyTowerBatch(batch: TowerBatch): TowerBatch {
  const out: TowerBatch = {};
  for (const [name, values] of Object.entries(batch)) out[name] = values.slice();
  return out;
}
