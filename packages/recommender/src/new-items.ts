import { meanOf, type AttributeColumn } from './attribute-columns';
import { candidateColumns, type Catalogue } from './catalogue';
import type { Recommender } from './recommender';
import { toTowerBatch } from './tower-specs';
import { itemVectorsInputName } from './item-vectors';

/**
 * A catalogue entry the recommender was not trained with (an item added after training). The
 * candidate tower embeds it from its features: its id is not in the id feature's vocabulary (it
 * reads the OOV slot, shared by every new item), so what tells new items apart is their title
 * text, genres and attributes.
 */
export interface NewItem {
  /** Its id; must not be one of the catalogue's. */
  id: string;
  /** What it is called (the title text feature reads it). Default: its id, as in a catalogue without titles. */
  title?: string;
  /** Genre (category) names; a name the features never saw reads its OOV slot. Default: none. */
  genres?: string[];
  /**
   * Values of the catalogue's other columns (`price`, `brand`...), by column name. A column
   * left out (or `null`) is missing: a number column reads the catalogue's mean, the others `''`.
   */
  attributes?: Record<string, string | number | null>;
  /**
   * Its item vector, `[dim]` (when the recommender reads item vectors, `spec.itemVectors`; e.g.
   * the text embedding of its title from the same encoder as the catalogue's). Default: the row
   * of its id when the item vectors were given by id and include it, else the mean of the
   * catalogue's known (non-zero) rows. Refused on a recommender without item vectors.
   */
  vector?: ArrayLike<number>;
}

/** A new item that cannot be embedded: `item` is its position in the list given, `field` what is wrong with it. */
export class NewItemError extends Error {
  /** Position of the item at fault in the list given. */
  readonly item: number;
  /** The field at fault: `'id'`, `'title'`, `'genres'`, `'attributes/<column>'` or `'vector'`. */
  readonly field: string;

  constructor(item: number, field: string, message: string) {
    super(message);
    this.name = 'NewItemError';
    this.item = item;
    this.field = field;
  }
}

/**
 * The new items as a {@link Catalogue} of their own (entry j is `items[j]`), with every attribute
 * column of the recommender's catalogue (a missing number filled with the catalogue's mean, so
 * that it reads as it would in the catalogue), ready for `candidateColumns`.
 * @throws NewItemError naming the item and field: an empty id, an id already in the catalogue or
 *   given twice, an attribute the catalogue has no column for, a number column given a non-number
 */
export function newItemsCatalogue(rec: Pick<Recommender, 'catalogue' | 'itemIndex'>, items: readonly NewItem[]): Catalogue {
  const seen = new Map<string, number>();
  items.forEach((item, j) => {
    if (typeof item.id !== 'string' || item.id.length === 0) throw new NewItemError(j, 'id', `new item ${j}: its id is empty: give each item a non-empty id`);
    if (rec.itemIndex(item.id) >= 0) {
      throw new NewItemError(j, 'id', `new item ${JSON.stringify(item.id)} is already in the catalogue the model was trained with: it needs no adding (give a new item a new id)`);
    }
    const first = seen.get(item.id);
    if (first !== undefined) throw new NewItemError(j, 'id', `new item ${JSON.stringify(item.id)} is given twice (items ${first} and ${j}): give each once`);
    seen.set(item.id, j);
  });
  const trained = rec.catalogue.columns ?? [];
  const byName = new Map(trained.map((c) => [c.name, c]));
  items.forEach((item, j) => {
    for (const [name, v] of Object.entries(item.attributes ?? {})) {
      const c = byName.get(name);
      const field = `attributes/${name}`;
      if (c === undefined) {
        const known = trained.length > 0 ? `its columns are ${trained.map((x) => JSON.stringify(x.name)).join(', ')}` : 'it has none';
        throw new NewItemError(j, field, `new item ${JSON.stringify(item.id)}: the catalogue has no column ${JSON.stringify(name)} (${known}): leave it out`);
      }
      if (c.kind === 'number' && v !== null && !(typeof v === 'number' && Number.isFinite(v))) {
        throw new NewItemError(j, field, `new item ${JSON.stringify(item.id)}: column ${JSON.stringify(name)} holds numbers, got ${JSON.stringify(v)}: send a finite number, or null when it is unknown`);
      }
    }
  });
  const columns: AttributeColumn[] = trained.map((c) => {
    const fill = c.kind === 'number' ? meanOf(c) : null;
    return { name: c.name, kind: c.kind, values: items.map((item) => item.attributes?.[c.name] ?? fill) };
  });
  return {
    ids: items.map((x) => x.id),
    titles: items.map((x) => x.title ?? x.id),
    genres: items.map((x) => x.genres ?? []),
    ...(rec.catalogue.genresColumn !== undefined ? { genresColumn: rec.catalogue.genresColumn } : {}),
    ...(columns.length > 0 ? { columns } : {}),
  };
}

/**
 * Candidate-tower embeddings of catalogue entries the recommender was not trained with, `[n × dim]`
 * (row j is `items[j]`), from their features through the fitted candidate features
 * (`rec.candidateFeatures`) — comparable with `rec.embedItems()` and the query embeddings: add them
 * to an item index and they are retrieved like any item. One batched tower call. With item
 * vectors (`spec.itemVectors`), each item reads its `vector`, else its id's row among vectors given
 * by id, else the mean of the catalogue's known rows (see {@link NewItem.vector}).
 * @throws NewItemError naming the item and field at fault (see {@link newItemsCatalogue}), or
 *   an item whose embedding is not finite (`field` `'attributes'`: an extreme number)
 */
export function embedNewItems(rec: Recommender, items: readonly NewItem[]): Float32Array {
  const n = items.length;
  const dim = rec.dim;
  if (n === 0) return new Float32Array(0);
  const catalogue = newItemsCatalogue(rec, items);
  const features = rec.candidateFeatures;
  const batch = toTowerBatch(features.transform(candidateColumns(catalogue, features.sources)));
  const iv = rec.spec.itemVectors;
  if (iv && rec.itemVectors) {
    const rows = new Float32Array(n * iv.dim);
    items.forEach((item, j) => {
      try {
        rows.set(rec.itemVectors!.forNewItem(item.id, item.vector), j * iv.dim);
      } catch (e) {
        throw new NewItemError(j, 'vector', `new item ${JSON.stringify(item.id)}: ${(e as Error).message}`);
      }
    });
    batch[itemVectorsInputName(iv)] = rows;
  } else {
    const j = items.findIndex((item) => item.vector !== undefined);
    if (j >= 0) throw new NewItemError(j, 'vector', `new item ${JSON.stringify(items[j]!.id)}: it has a vector but the model reads no item vectors (spec.itemVectors is not set): leave it out`);
  }
  const vectors = rec.models.twoTower.embedCandidates(batch, n);
  for (let j = 0; j < n; j++) {
    for (let t = j * dim; t < (j + 1) * dim; t++) {
      if (!Number.isFinite(vectors[t]!)) {
        throw new NewItemError(j, 'attributes', `new item ${JSON.stringify(items[j]!.id)}: its embedding is not finite (NaN or infinite): check its number attributes for values far outside the catalogue's`);
      }
    }
  }
  return vectors;
}
