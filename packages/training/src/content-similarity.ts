import type { Dataset } from '@twotower/data';

/** Options of {@link ContentSimilarity}. */
export interface ContentSimilarityOptions {
  /**
   * Share of the title block in an item's vector (the genre block has the rest): each block is
   * scaled to unit length, then by √share, so with both present the vector has unit length.
   * Default 0.5 (genres and title words weigh the same).
   */
  titleWeight?: number;
}

/** The content of catalogue items: titles and genre (category) names, aligned by item index. */
export interface ItemContent {
  /** Title of each item; `''` when unknown (no title words). */
  titles: readonly string[];
  /** Genre names of each item (empty: none). */
  genres: readonly (readonly string[])[];
}

/** A title's words: lower-cased runs of letters and digits ("Toy Story (1995)" → toy, story, 1995). */
export function titleTokens(title: string): string[] {
  return title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The content of a data set's catalogue (no catalogue: no content, every score 0). */
export function datasetContent(dataset: Dataset): ItemContent {
  const n = dataset.interactions.itemIds.length;
  const items = dataset.items;
  return {
    titles: Array.from({ length: n }, (_, j) => items?.titles[j] ?? ''),
    genres: Array.from({ length: n }, (_, j) => (items?.genres[j] ?? []).map((g) => items!.genreNames[g]!)),
  };
}

/**
 * The content-only baseline: an item is a sparse vector of its genres (multi-hot, scaled to unit
 * length) beside its title words (TF-IDF: term count × (ln((1 + N) / (1 + df)) + 1) over the N
 * items given, scaled to unit length), each block weighted by √share; a user is the sum of the
 * vectors of its items; a candidate scores the cosine between the two. It reads no interaction
 * but the user's own items, so it ranks items nobody interacted with — the chance-beating bar a
 * model of cold items has to clear.
 */
export class ContentSimilarity {
  /** Number of features (genres, then title words). */
  readonly numFeatures: number;
  /** Items' sparse vectors (CSR). */
  private readonly offsets: Int32Array;
  private readonly features: Int32Array;
  private readonly values: Float64Array;
  private readonly norms: Float64Array;

  constructor(content: ItemContent, options: ContentSimilarityOptions = {}) {
    const n = content.titles.length;
    if (content.genres.length !== n) throw new Error(`ContentSimilarity: ${n} titles but ${content.genres.length} genre lists; give one of each per item`);
    const share = options.titleWeight ?? 0.5;
    if (!(share >= 0 && share <= 1)) throw new Error(`ContentSimilarity: titleWeight must be in [0, 1], got ${share}`);
    const genreIndex = new Map<string, number>();
    for (const gs of content.genres) for (const g of gs) if (!genreIndex.has(g)) genreIndex.set(g, genreIndex.size);
    const tokens = content.titles.map(titleTokens);
    const wordIndex = new Map<string, number>();
    const df: number[] = [];
    for (const ts of tokens) {
      for (const w of new Set(ts)) {
        let f = wordIndex.get(w);
        if (f === undefined) {
          f = wordIndex.size;
          wordIndex.set(w, f);
          df.push(0);
        }
        df[f]!++;
      }
    }
    const G = genreIndex.size;
    this.numFeatures = G + wordIndex.size;
    const offsets = new Int32Array(n + 1);
    const features: number[] = [];
    const values: number[] = [];
    const gScale = Math.sqrt(1 - share);
    const tScale = Math.sqrt(share);
    for (let j = 0; j < n; j++) {
      const gs = new Set(content.genres[j]!.map((g) => genreIndex.get(g)!));
      for (const g of gs) {
        features.push(g);
        values.push(gScale / Math.sqrt(gs.size));
      }
      const tf = new Map<number, number>();
      for (const w of tokens[j]!) {
        const f = wordIndex.get(w)!;
        tf.set(f, (tf.get(f) ?? 0) + 1);
      }
      const entries = [...tf].map(([f, c]) => [f, c * (Math.log((1 + n) / (1 + df[f]!)) + 1)] as const);
      const norm = Math.sqrt(entries.reduce((s, [, v]) => s + v * v, 0));
      for (const [f, v] of entries) {
        features.push(G + f);
        values.push((tScale * v) / norm);
      }
      offsets[j + 1] = features.length;
    }
    this.offsets = offsets;
    this.features = Int32Array.from(features);
    this.values = Float64Array.from(values);
    this.norms = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = offsets[j]!; p < offsets[j + 1]!; p++) s += this.values[p]! ** 2;
      this.norms[j] = Math.sqrt(s);
    }
  }

  /** Number of items. */
  get numItems(): number {
    return this.norms.length;
  }

  /** A user's profile: the sum of its items' vectors, `[numFeatures]`. */
  profile(items: ArrayLike<number>): Float64Array {
    const p = new Float64Array(this.numFeatures);
    for (let t = 0; t < items.length; t++) {
      const j = items[t]!;
      for (let q = this.offsets[j]!; q < this.offsets[j + 1]!; q++) p[this.features[q]!]! += this.values[q]!;
    }
    return p;
  }

  /**
   * Cosine between a profile and each candidate item, written into `out[c]` for `candidates[c]`
   * (0 when either has no content).
   */
  scores(profile: Float64Array, candidates: ArrayLike<number>, out: Float32Array): void {
    let pn = 0;
    for (let f = 0; f < profile.length; f++) pn += profile[f]! * profile[f]!;
    pn = Math.sqrt(pn);
    for (let c = 0; c < candidates.length; c++) {
      const j = candidates[c]!;
      const norm = this.norms[j]! * pn;
      if (!(norm > 0)) {
        out[c] = 0;
        continue;
      }
      let dot = 0;
      for (let q = this.offsets[j]!; q < this.offsets[j + 1]!; q++) dot += profile[this.features[q]!]! * this.values[q]!;
      out[c] = dot / norm;
    }
  }
}
