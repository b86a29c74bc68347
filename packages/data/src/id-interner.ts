/** Ids that are canonical non-negative integers below this go through a direct lookup table. */
const DIRECT_LIMIT = 1 << 22;

/** The value of `s` when it is a canonical non-negative integer (`"0"`, `"17"`, not `"017"`, `"+1"`) below DIRECT_LIMIT, else -1. */
function smallInt(s: string): number {
  const n = s.length;
  if (n === 0 || n > 7) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || (i === 0 && c === 0 && n > 1)) return -1;
    v = v * 10 + c;
  }
  return v < DIRECT_LIMIT ? v : -1;
}

/**
 * Interns raw id strings into dense indices 0, 1, 2... in order of first appearance.
 * MovieLens-style integer ids take a fast path (a typed lookup table indexed by the id's
 * value, no string hashing); other ids use a Map. Both give the same indices.
 */
export class IdInterner {
  /** The ids, by index. */
  readonly ids: string[] = [];
  private readonly map = new Map<string, number>();
  private direct = new Int32Array(0); // index + 1, 0 = absent

  /** Number of ids. */
  get size(): number {
    return this.ids.length;
  }

  /** Index of `id`, adding it when new. */
  intern(id: string): number {
    const k = smallInt(id);
    if (k >= 0) {
      if (k >= this.direct.length) {
        const grown = new Int32Array(Math.min(DIRECT_LIMIT, Math.max(1024, (k + 1) * 2)));
        grown.set(this.direct);
        this.direct = grown;
      }
      const hit = this.direct[k]!;
      if (hit !== 0) return hit - 1;
      const index = this.ids.length;
      this.ids.push(id);
      this.direct[k] = index + 1;
      return index;
    }
    let index = this.map.get(id);
    if (index === undefined) {
      index = this.ids.length;
      this.map.set(id, index);
      this.ids.push(id);
    }
    return index;
  }

  /** Index of `id` when interned, else `undefined`. */
  get(id: string): number | undefined {
    const k = smallInt(id);
    if (k >= 0) {
      const hit = k < this.direct.length ? this.direct[k]! : 0;
      return hit === 0 ? undefined : hit - 1;
    }
    return this.map.get(id);
  }
}
