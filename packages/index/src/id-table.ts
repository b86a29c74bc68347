/** The map between the caller's ids and an index's internal labels (row positions). */
import { IndexError } from './errors';
import type { VectorId } from './types';

/**
 * label → id (`ids`) and id → label (`labelOf`). Labels are dense row numbers owned by the index;
 * callers only ever see their own ids.
 */
export class IdTable {
  /** label → id; `undefined` for the label of a removed vector. */
  readonly ids: Array<VectorId | undefined> = [];
  private readonly labels = new Map<VectorId, number>();

  /** Number of live ids. */
  get size(): number {
    return this.labels.size;
  }

  /** The label of `id`, or `undefined`. */
  labelOf(id: VectorId): number | undefined {
    return this.labels.get(id);
  }

  has(id: VectorId): boolean {
    return this.labels.has(id);
  }

  /**
   * Checks that `ids` are valid new ids (strings or finite numbers, not in the table, not
   * repeated) and that there are `rows` of them.
   */
  checkNew(ids: ArrayLike<VectorId>, rows: number): void {
    if (ids == null || typeof ids.length !== 'number') {
      throw new IndexError('BAD_ARGUMENT', 'ids must be an array of strings or numbers, one per vector row.');
    }
    if (ids.length !== rows) {
      throw new IndexError(
        'BAD_ARGUMENT',
        `ids has ${ids.length} entries but vectors has ${rows} rows: give exactly one id per row.`,
      );
    }
    const seen = new Set<VectorId>();
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)))) {
        throw new IndexError('BAD_ARGUMENT', `ids[${i}] is ${String(id)}: ids must be strings or finite numbers.`);
      }
      if (this.labels.has(id) || seen.has(id)) {
        throw new IndexError(
          'DUPLICATE_ID',
          `ids[${i}] (${JSON.stringify(id)}) is already in the index: remove it first, or give each vector its own id.`,
        );
      }
      seen.add(id);
    }
  }

  /** Appends ids at labels `ids.length ...`; returns the first new label. */
  append(ids: ArrayLike<VectorId>): number {
    const first = this.ids.length;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      this.labels.set(id, first + i);
      this.ids.push(id);
    }
    return first;
  }

  /**
   * Replaces the table by a saved label → id list (`null`/`undefined` = removed label), checking
   * that the live ids are unique.
   */
  restore(ids: ReadonlyArray<VectorId | null | undefined>): void {
    this.ids.length = 0;
    this.labels.clear();
    for (let label = 0; label < ids.length; label++) {
      const id = ids[label];
      if (id === null || id === undefined) {
        this.ids.push(undefined);
        continue;
      }
      if (!(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) || this.labels.has(id)) {
        throw new IndexError('BAD_FILE', `saved id at label ${label} (${JSON.stringify(id)}) is invalid or repeated: save the index again.`);
      }
      this.labels.set(id, label);
      this.ids.push(id);
    }
  }

  /** Forgets `id` but keeps its label slot (`ids[label]` becomes `undefined`). */
  tombstone(id: VectorId): number | undefined {
    const label = this.labels.get(id);
    if (label === undefined) return undefined;
    this.labels.delete(id);
    this.ids[label] = undefined;
    return label;
  }

  /** Moves the id at label `from` to label `to` (for swap-removal), leaving `from` empty. */
  move(from: number, to: number): void {
    const id = this.ids[from];
    this.ids[to] = id;
    this.ids[from] = undefined;
    if (id !== undefined) this.labels.set(id, to);
  }

  /** Drops trailing empty labels so that `ids.length` is the row count. */
  truncate(length: number): void {
    this.ids.length = length;
  }

  /** Converts an exclusion list to a set of labels (unknown ids ignored); `undefined` if empty. */
  labelSet(exclude: ReadonlySet<VectorId> | ReadonlyArray<VectorId> | undefined): Set<number> | undefined {
    if (exclude === undefined) return undefined;
    let out: Set<number> | undefined;
    for (const id of exclude) {
      const label = this.labels.get(id);
      if (label !== undefined) (out ??= new Set<number>()).add(label);
    }
    return out;
  }
}
