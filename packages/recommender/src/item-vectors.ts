import { checkEmbeddingSetName, EMBEDDING_SETS } from '@twotower/artifact';
import type { TowerInputSpec } from '@twotower/towers';

/**
 * Dense per-item vectors the candidate tower reads as one `numeric` input of width `dim` (e.g.
 * text embeddings of the items' titles from a pretrained sentence encoder): the path by which an
 * item never seen in training (cold start) is embedded from what it is about. Not fitted: the
 * vectors are inputs as given, kept in the model directory as the embedding set `name`.
 */
export interface ItemVectorsSpec {
  /**
   * Name of the embedding set the vectors are saved as in the model directory (`of: 'items'`),
   * e.g. `'text'`: lowercase letters, digits and dashes, a letter first; not `candidates` or
   * `queries` (the towers' own sets). Required.
   */
  name: string;
  /** Width of one item's vector (512 for the Universal Sentence Encoder lite). Required. */
  dim: number;
  /** How the vectors were made, recorded in the manifest (e.g. `'use-lite'`). Default `'external'`. */
  method?: string;
}

/**
 * The item vectors as a caller gives them: `[numItems × dim]` in catalogue order, or rows by id
 * (`ids[r]` is row r of `vectors`, `[ids.length × dim]`, any order). By id, the ids outside the
 * catalogue are kept too: a new item with one of them reads its row (see `embedNewItems`).
 * A row of zeros means "no vector" (e.g. an item without text); it is read as it is (zeros).
 */
export type ItemVectorsInput = Float32Array | { ids: readonly string[]; vectors: Float32Array };

/** The tower input name of item vectors: `vectors:<name>` (a feature name never has a colon). */
export function itemVectorsInputName(spec: Pick<ItemVectorsSpec, 'name'>): string {
  return `vectors:${spec.name}`;
}

/** The candidate tower's input for item vectors: `numeric`, width `dim`. */
export function itemVectorsInput(spec: ItemVectorsSpec): TowerInputSpec {
  return { name: itemVectorsInputName(spec), kind: 'numeric', width: spec.dim };
}

/**
 * Checks a spec's `itemVectors`.
 * @throws naming `itemVectors.name` or `itemVectors.dim` and what to give instead
 */
export function checkItemVectorsSpec(spec: ItemVectorsSpec): void {
  if (typeof spec.name !== 'string') throw new Error('spec.itemVectors.name must be a string: the embedding set the vectors are saved as, e.g. "text"');
  try {
    checkEmbeddingSetName(spec.name);
  } catch (e) {
    throw new Error(`spec.itemVectors.name: ${(e as Error).message}`, { cause: e });
  }
  if (EMBEDDING_SETS.includes(spec.name)) throw new Error(`spec.itemVectors.name "${spec.name}" is one of the towers' own embedding sets (${EMBEDDING_SETS.join(', ')}): name the set after what the vectors are, e.g. "text"`);
  if (!Number.isInteger(spec.dim) || spec.dim < 1) throw new Error(`spec.itemVectors.dim must be a positive integer (one item's vector width), got ${JSON.stringify(spec.dim)}`);
}

/** Throws naming `field` and the first non-finite value of `values`, `[rows × dim]`. */
function checkFinite(values: Float32Array, dim: number, field: string, rowName: (r: number) => string): void {
  for (let t = 0; t < values.length; t++) {
    if (!Number.isFinite(values[t]!)) {
      throw new Error(`${field}: ${rowName(Math.floor(t / dim))} holds ${values[t]} at column ${t % dim}: every value must be finite (a row of zeros means "no vector")`);
    }
  }
}

/**
 * Item vectors aligned with a catalogue: `rows` `[numItems × dim]` (row j is catalogue item j),
 * the rows of ids outside it (for new items), and the mean of the known rows (those not all
 * zeros), what a new item without a vector reads.
 */
export class ItemVectors {
  readonly dim: number;
  /** `[numItems × dim]` row j: catalogue item j (zeros: no vector). */
  readonly rows: Float32Array;
  /** Rows of ids outside the catalogue (given by id), each `[dim]`. */
  readonly extra: ReadonlyMap<string, Float32Array>;
  /** `[dim]` the mean of the catalogue's known (non-zero) rows; zeros when there is none. */
  readonly mean: Float32Array;

  private constructor(dim: number, rows: Float32Array, extra: Map<string, Float32Array>) {
    this.dim = dim;
    this.rows = rows;
    this.extra = extra;
    this.mean = new Float32Array(dim);
    let known = 0;
    for (let j = 0; j < rows.length / dim; j++) {
      const row = rows.subarray(j * dim, (j + 1) * dim);
      if (row.every((x) => x === 0)) continue;
      for (let d = 0; d < dim; d++) this.mean[d]! += row[d]!;
      known++;
    }
    if (known > 0) for (let d = 0; d < dim; d++) this.mean[d]! /= known;
  }

  /**
   * Aligns the vectors given with the catalogue's ids, checked.
   * @param field the name the caller gave them under (named in errors). Default `'itemVectors'`.
   * @throws naming `field`: not `[numItems × dim]` (or `[ids × dim]`), a non-finite value (its
   *   row and id), an id given twice. A catalogue id missing from rows given by id reads zeros.
   */
  static from(input: ItemVectorsInput, catalogueIds: readonly string[], dim: number, field = 'itemVectors'): ItemVectors {
    const n = catalogueIds.length;
    if (input instanceof Float32Array) {
      if (input.length !== n * dim) {
        throw new Error(`${field} has ${input.length} values; expected numItems × dim = ${n} × ${dim} = ${n * dim} (one row per catalogue item, in catalogue order; zeros for an item without a vector)`);
      }
      checkFinite(input, dim, field, (r) => `row ${r} (item ${JSON.stringify(catalogueIds[r])})`);
      return new ItemVectors(dim, input, new Map());
    }
    if (typeof input !== 'object' || input === null || !Array.isArray(input.ids) || !(input.vectors instanceof Float32Array)) {
      throw new Error(`${field} must be a Float32Array [numItems × dim] or { ids: string[], vectors: Float32Array [ids × dim] }`);
    }
    const { ids, vectors } = input;
    if (vectors.length !== ids.length * dim) {
      throw new Error(`${field}.vectors has ${vectors.length} values; expected ${field}.ids.length × dim = ${ids.length} × ${dim} = ${ids.length * dim}`);
    }
    checkFinite(vectors, dim, `${field}.vectors`, (r) => `row ${r} (id ${JSON.stringify(ids[r])})`);
    const index = new Map(catalogueIds.map((id, j) => [id, j]));
    const rows = new Float32Array(n * dim);
    const extra = new Map<string, Float32Array>();
    const given = new Set<string>();
    ids.forEach((id, r) => {
      if (given.has(id)) throw new Error(`${field}.ids: id ${JSON.stringify(id)} is given twice (row ${r} repeats it): give each item one row`);
      given.add(id);
      const row = vectors.subarray(r * dim, (r + 1) * dim);
      const j = index.get(id);
      if (j === undefined) extra.set(id, row);
      else rows.set(row, j * dim);
    });
    return new ItemVectors(dim, rows, extra);
  }

  /** The vectors as an embedding set is written: the catalogue's rows (by its ids), then the extra rows. */
  toEmbeddingSet(catalogueIds: readonly string[]): { ids: string[]; vectors: Float32Array } {
    if (this.extra.size === 0) return { ids: [...catalogueIds], vectors: this.rows };
    const vectors = new Float32Array(this.rows.length + this.extra.size * this.dim);
    vectors.set(this.rows);
    let at = this.rows.length;
    for (const row of this.extra.values()) {
      vectors.set(row, at);
      at += this.dim;
    }
    return { ids: [...catalogueIds, ...this.extra.keys()], vectors };
  }

  /**
   * The vector a new item reads, `[dim]`: the one given (checked: `dim` finite values), else its
   * id's row among the extra rows, else {@link mean}.
   * @throws a message naming what is wrong with `given`
   */
  forNewItem(id: string, given?: ArrayLike<number>): Float32Array {
    if (given !== undefined && given !== null) {
      if (given.length !== this.dim) throw new Error(`its vector has ${given.length} values; the model reads ${this.dim} (spec.itemVectors.dim)`);
      const row = Float32Array.from(given);
      const bad = row.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) throw new Error(`its vector holds ${given[bad]} at column ${bad}: every value must be finite`);
      return row;
    }
    return this.extra.get(id) ?? this.mean;
  }
}

/**
 * The item vectors of a recommender's parts aligned with its catalogue (see {@link ItemVectors.from}):
 * undefined when the spec reads none.
 * @throws when the spec has `itemVectors` and the parts none (or the other way round), or they do not fit
 */
export function alignItemVectors(spec: { readonly itemVectors?: ItemVectorsSpec }, parts: { catalogue: { ids: readonly string[] }; itemVectors?: ItemVectorsInput | ItemVectors }): ItemVectors | undefined {
  const given = parts.itemVectors;
  const s = spec.itemVectors;
  if (!s) {
    if (given !== undefined) throw new Error('itemVectors were given but the spec has no itemVectors ({ name, dim }): set spec.itemVectors so that the candidate tower reads them, or leave them out');
    return undefined;
  }
  if (given === undefined) throw new Error(`itemVectors: the spec's candidate tower reads item vectors "${s.name}" (${s.dim} wide) but none were given: pass itemVectors [numItems × ${s.dim}] with the catalogue`);
  if (given instanceof ItemVectors) {
    if (given.dim !== s.dim || given.rows.length !== parts.catalogue.ids.length * s.dim) throw new Error(`itemVectors: ${given.rows.length / given.dim} rows × ${given.dim}; the spec and catalogue need ${parts.catalogue.ids.length} × ${s.dim}`);
    return given;
  }
  return ItemVectors.from(given, parts.catalogue.ids, s.dim);
}
