import type { EmbeddingSetName, SegmentsInfo } from '@twotower/artifact';
import type { IdSpace } from './named-sets';
import type { ModelFiles } from './read-model-files';

/**
 * The segmentation of one embedding set (`segments/<set>.json` + `.i32`) as the server serves it:
 * what each segment holds, the segment of each catalogue item or known user (for the `segment`
 * field of answers), and each segment's members in the set's row order (for paging).
 */
export interface ServedSegmentation {
  info: SegmentsInfo;
  /** What a member is. */
  of: 'items' | 'users';
  /** Id of each row of the set. */
  ids: readonly string[];
  /**
   * Segment of each catalogue item (`of: 'items'`, `[numItems]`) or known user (`[numUsers]`), -1
   * for none (not a row of the set). Items added at run time (`POST /admin/items`) have none.
   */
  byIndex: Int32Array;
  /** Members of segment `s`: rows `memberRows[memberOffsets[s] .. memberOffsets[s+1])`, in row order (`[k + 1]` and `[rows]`). */
  memberOffsets: Int32Array;
  memberRows: Int32Array;
}

/** The rows of segment `s` (a view). */
export function segmentRows(seg: ServedSegmentation, s: number): Int32Array {
  return seg.memberRows.subarray(seg.memberOffsets[s]!, seg.memberOffsets[s + 1]!);
}

/** Segment of catalogue item / user `i` in `seg`, or undefined (no segmentation, an added item, a row the set lacks). */
export function segmentOf(seg: ServedSegmentation | undefined, i: number): number | undefined {
  if (seg === undefined || i < 0 || i >= seg.byIndex.length) return undefined;
  const s = seg.byIndex[i]!;
  return s >= 0 ? s : undefined;
}

/** The ids of a set's rows and what they are, for {@link loadSegmentations}; undefined for a set the server does not serve. */
export type SetRows = (set: EmbeddingSetName) => { ids: readonly string[]; of: 'items' | 'users' } | undefined;

/**
 * Reads every segmentation of a model directory whose set the server serves (`candidates`, and
 * the named sets of items or users: `rowsOf`), groups its rows by segment and maps them onto the
 * catalogue or the known users. A segmentation of a set the server does not serve is skipped
 * (`skipped` names it).
 * @throws Error (through `files.refuse`) when `info.segments` does not list `k` segments or an id
 *   of the set is neither a catalogue item nor a known user
 */
export function loadSegmentations(files: ModelFiles, space: IdSpace, rowsOf: SetRows, skipped: (set: string) => void = () => {}): Map<string, ServedSegmentation> {
  const out = new Map<string, ServedSegmentation>();
  for (const set of files.segmentedSets()) {
    const rows = rowsOf(set);
    const read = rows && files.segments(set);
    if (!rows || !read) {
      skipped(set);
      continue;
    }
    const { info, assignments } = read;
    const k = info.k;
    if (!Number.isInteger(k) || k < 1 || info.segments.length !== k || info.segments.some((s, i) => s.id !== i)) {
      files.refuse(`the segments of "${set}" say k ${k} but list ${info.segments.length} segments (ids must be 0..k-1 in order): redo the segmentation`);
    }
    if (assignments.length !== rows.ids.length) files.refuse(`the segments of "${set}" hold ${assignments.length} assignments for the ${rows.ids.length} rows of the set: redo the segmentation`);
    const memberOffsets = new Int32Array(k + 1);
    // -1: a row in no segment (e.g. an item without a learned vector)
    for (const s of assignments) if (s >= 0) memberOffsets[s + 1]! += 1;
    for (let s = 0; s < k; s++) memberOffsets[s + 1]! += memberOffsets[s]!;
    const fill = memberOffsets.slice(0, k);
    const memberRows = new Int32Array(memberOffsets[k]!);
    const lookup = rows.of === 'items' ? (id: string) => space.itemIndex(id) : (id: string) => space.userIndex(id);
    const byIndex = new Int32Array(rows.of === 'items' ? space.items.length : space.users.length).fill(-1);
    assignments.forEach((s, row) => {
      if (s < 0) return;
      memberRows[fill[s]!++] = row;
      const i = lookup(rows.ids[row]!);
      if (i < 0) files.refuse(`the segments of "${set}": row ${row} (${JSON.stringify(rows.ids[row])}) is not among the model's ${rows.of}: redo the segmentation`);
      byIndex[i] = s;
    });
    out.set(set, { info, of: rows.of, ids: rows.ids, byIndex, memberOffsets, memberRows });
  }
  return out;
}
