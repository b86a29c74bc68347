import { EvalInputError, checkInteger } from '../errors';
import { topKIndices } from '../ranking/top-k';
import type { ItemSimilarity } from './item-similarity';

/** Options of {@link neighbourGenreAgreement}. */
export interface GenreAgreementOptions {
  /** Nearest neighbours checked per item. Default 10. */
  k?: number;
}

/** Result of {@link neighbourGenreAgreement}. */
export interface GenreAgreement {
  /** Mean over the counted items of the share of their k nearest neighbours sharing a label with them. */
  agreement: number;
  /** Items counted: with at least one label and a similarity row (not `missing`). */
  items: number;
  /**
   * The same figure for random neighbours, computed exactly (no draw) from the label sets: for
   * each counted item, the share of the other candidate items sharing at least one label with
   * it (the expectation of the share among k neighbours drawn uniformly without replacement),
   * averaged over the counted items.
   */
  chance: number;
  /** The k used. */
  k: number;
  /** Items left out as queries and as neighbours because the source has no row for them (`sim.missing`). */
  missing: number;
}

/**
 * The item2vec paper's check of an item embedding (Barkan & Koenigstein, 2016): for each item
 * with at least one label (genre), the share of its k nearest neighbours (highest similarity,
 * the item itself excluded, ties by lower index) that share at least one label with it,
 * averaged over those items. Neighbours are drawn from every item with a similarity row
 * (unlabelled items included: they never agree); items flagged `missing` by the source (no
 * trained vector) are neither queries nor neighbours. Cost: one `sim.fill` and one top-k per
 * counted item.
 * @param sim the similarity source (`cosineSimilarity`, `easeSimilarity`, …).
 * @param labels `[numItems]` labels of each item: names or indices (e.g. `@twotower/data`'s
 *   `ItemCatalogue.genres`); an empty list means unlabelled.
 */
export function neighbourGenreAgreement(
  sim: ItemSimilarity,
  labels: readonly (readonly (string | number)[])[],
  options: GenreAgreementOptions = {},
): GenreAgreement {
  const k = options.k ?? 10;
  checkInteger('k', k, 1);
  const n = sim.numItems;
  if (labels.length !== n) {
    throw new EvalInputError('labels', `has ${labels.length} entries, expected one label list per item (numItems = ${n})`);
  }
  const missing = sim.missing;
  const isMissing = (i: number): boolean => missing !== undefined && missing[i] === 1;
  // Label ids per item (CSR) and the label-set signature of each item.
  const labelId = new Map<string, number>();
  const offsets = new Int32Array(n + 1);
  const ids: number[] = [];
  const signature = new Int32Array(n).fill(-1);
  const signatureId = new Map<string, number>();
  const signatureItem: number[] = []; // one representative item per signature
  for (let i = 0; i < n; i++) {
    const own = new Set<number>();
    for (const l of labels[i] ?? []) {
      const key = String(l);
      let id = labelId.get(key);
      if (id === undefined) {
        id = labelId.size;
        labelId.set(key, id);
      }
      own.add(id);
    }
    const sorted = [...own].sort((a, b) => a - b);
    ids.push(...sorted);
    offsets[i + 1] = ids.length;
    if (sorted.length > 0) {
      const key = sorted.join(',');
      let s = signatureId.get(key);
      if (s === undefined) {
        s = signatureId.size;
        signatureId.set(key, s);
        signatureItem.push(i);
      }
      signature[i] = s;
    }
  }
  const labelIds = Int32Array.from(ids);
  const mark = new Int32Array(labelId.size);
  let stamp = 0;
  /** Marks item i's labels; then `shares(j)` tells whether j has one of them. */
  const markLabels = (i: number): void => {
    stamp++;
    for (let p = offsets[i]!; p < offsets[i + 1]!; p++) mark[labelIds[p]!] = stamp;
  };
  const shares = (j: number): boolean => {
    for (let p = offsets[j]!; p < offsets[j + 1]!; p++) if (mark[labelIds[p]!] === stamp) return true;
    return false;
  };

  // Exact chance: candidates per signature, then for each signature the candidates sharing a label.
  const numSig = signatureItem.length;
  const perSignature = new Float64Array(numSig);
  let candidates = 0;
  for (let i = 0; i < n; i++) {
    if (isMissing(i)) continue;
    candidates++;
    if (signature[i]! >= 0) perSignature[signature[i]!]!++;
  }
  const sharingCandidates = new Float64Array(numSig);
  for (let s = 0; s < numSig; s++) {
    markLabels(signatureItem[s]!);
    for (let t = 0; t < numSig; t++) if (shares(signatureItem[t]!)) sharingCandidates[s]! += perSignature[t]!;
  }

  const row = new Float32Array(n);
  let sum = 0;
  let chanceSum = 0;
  let counted = 0;
  for (let i = 0; i < n; i++) {
    if (signature[i]! < 0 || isMissing(i)) continue;
    sim.fill(i, row);
    row[i] = NaN;
    if (missing !== undefined) for (let j = 0; j < n; j++) if (missing[j] === 1) row[j] = NaN;
    const nb = topKIndices(row, k);
    markLabels(i);
    let agree = 0;
    for (let p = 0; p < nb.length; p++) if (shares(nb[p]!)) agree++;
    if (nb.length === 0) continue; // a catalogue of one candidate: nothing to compare
    sum += agree / nb.length;
    chanceSum += (sharingCandidates[signature[i]!]! - 1) / (candidates - 1);
    counted++;
  }
  return {
    agreement: counted > 0 ? sum / counted : NaN,
    items: counted,
    chance: counted > 0 ? chanceSum / counted : NaN,
    k,
    missing: sim.missingCount ?? 0,
  };
}
