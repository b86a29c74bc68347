import { topKIndices } from '@twotower/utils';
import { checkAssignments } from './checks';
import { checkInteger, EmbeddingsInputError } from '../errors';

/** Options of {@link describeSegments}. */
export interface DescribeSegmentsOptions {
  /** Id of each row `[rows]` (item or user ids), reported in `topMembers`. Required. */
  ids: readonly string[];
  /** Labels of each row `[rows][]` (an item's genres; for users, the genres of what they watched); a row's repeated labels count once. Default: no labels (`topLabels` empty). */
  labels?: readonly (readonly string[])[];
  /** Popularity of each row `[rows]` (e.g. interactions); `topMembers` are the highest first. Default: none (members in row order). */
  weights?: Float32Array;
  /** Labels and members listed per segment. Default 5. */
  top?: number;
  /**
   * Which labels describe a segment first: `'lift'` (default) — the most over-represented among
   * those carried by at least `minShare` of its rows (what sets it apart: "Horror, lift 6.1"), then
   * the rest; or `'count'` — the most carried (on a catalogue where most items are dramas, every
   * segment's first label is Drama).
   */
  labelOrder?: 'lift' | 'count';
  /** Share of a segment's rows a label must reach to be ranked by lift. Default 0.1. */
  minShare?: number;
}

/** A label's place in a segment: see {@link SegmentDescription.topLabels}. */
export interface SegmentLabel {
  /** The label. */
  label: string;
  /** Rows of the segment carrying it. */
  count: number;
  /** `count / size`: the share of the segment's rows carrying it. */
  share: number;
  /** `share` divided by the share of all rows carrying it: above 1 when the segment over-represents it. */
  lift: number;
}

/** One segment described: plain, JSON-serialisable data. */
export interface SegmentDescription {
  /** Segment index in `[0, k)`. */
  id: number;
  /** Rows in it. */
  size: number;
  /** `size / rows`. */
  share: number;
  /** The `top` labels carried by most of its rows (count, then lift, descending; then by label). */
  topLabels: SegmentLabel[];
  /** Ids of up to `top` of its rows, most popular (highest weight) first; ties and no weights: row order. */
  topMembers: string[];
}

/**
 * Describes each of `k` segments (e.g. k-means clusters of item or user embeddings) by its size,
 * its most common labels with their lift over the whole set, and its most popular members.
 *
 * ```ts
 * const segments = describeSegments(result.assignments, result.k, { ids: itemIds, labels: itemGenres, weights: popularity });
 * // [{ id: 0, size: 120, share: 0.07, topLabels: [{ label: 'Horror', count: 80, share: 0.67, lift: 6.1 }, ...], topMembers: ['item 17', ...] }, ...]
 * ```
 *
 * @param assignments segment of each row `[rows]`, in `[0, k)`.
 * @param k number of segments (empty ones are described with size 0).
 * @throws EmbeddingsInputError for an assignment outside `[0, k)` or `ids` / `labels` / `weights` not one per row.
 */
export function describeSegments(assignments: Int32Array, k: number, options: DescribeSegmentsOptions): SegmentDescription[] {
  const rows = assignments.length;
  checkAssignments(assignments, k, rows);
  const { ids, labels, weights } = options;
  const top = checkInteger('top', options.top ?? 5, 0);
  const byLift = (options.labelOrder ?? 'lift') === 'lift';
  const minShare = options.minShare ?? 0.1;
  if (!(minShare >= 0 && minShare <= 1)) throw new EmbeddingsInputError('minShare', `must be in [0, 1], got ${minShare}`);
  if (ids.length !== rows) throw new EmbeddingsInputError('ids', `expected one id per row (${rows}), got ${ids.length}`);
  if (labels !== undefined && labels.length !== rows) throw new EmbeddingsInputError('labels', `expected one label list per row (${rows}), got ${labels.length}`);
  if (weights !== undefined && weights.length !== rows) throw new EmbeddingsInputError('weights', `expected one weight per row (${rows}), got ${weights.length}`);

  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < rows; i++) members[assignments[i]!]!.push(i);
  const overall = new Map<string, number>();
  const perSegment: Map<string, number>[] = Array.from({ length: k }, () => new Map());
  if (labels !== undefined) {
    for (let i = 0; i < rows; i++) {
      const seg = perSegment[assignments[i]!]!;
      for (const label of new Set(labels[i])) {
        overall.set(label, (overall.get(label) ?? 0) + 1);
        seg.set(label, (seg.get(label) ?? 0) + 1);
      }
    }
  }
  return members.map((rowsOf, id) => {
    const size = rowsOf.length;
    const topLabels: SegmentLabel[] = [...perSegment[id]!].map(([label, count]) => ({ label, count, share: count / size, lift: count / size / (overall.get(label)! / rows) }));
    const byName = (a: SegmentLabel, b: SegmentLabel) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
    if (byLift) topLabels.sort((a, b) => Number(b.share >= minShare) - Number(a.share >= minShare) || b.lift - a.lift || b.count - a.count || byName(a, b));
    else topLabels.sort((a, b) => b.count - a.count || b.lift - a.lift || byName(a, b));
    let order: ArrayLike<number> = rowsOf;
    if (weights !== undefined) {
      const w = Float64Array.from(rowsOf, (r) => weights[r]!);
      order = Array.from(topKIndices(w, top), (p) => rowsOf[p]!);
    }
    const topMembers: string[] = [];
    for (let p = 0; p < Math.min(top, order.length); p++) topMembers.push(ids[order[p]!]!);
    return { id, size, share: rows > 0 ? size / rows : 0, topLabels: topLabels.slice(0, top), topMembers };
  });
}
