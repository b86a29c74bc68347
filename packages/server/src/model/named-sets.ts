import type { EmbeddingSetEntry, EmbeddingSetName } from '@twotower/artifact';
import { buildIndex, chooseIndex, loadIndex, type IndexPolicy, type VectorIndex } from '@twotower/index';
import type { ModelFiles } from './read-model-files';
import { userVectorIndex } from './user-vector-index';
import type { UserIndex } from './user-index';

/** What an index of a named set is, as `GET /v1/model` reports it. */
export interface NamedIndexSummary {
  kind: 'exact' | 'faiss' | 'pgvector';
  /** Rows searched: the set's rows that have a vector (an all-zero row has none). */
  rows: number;
  factory?: string;
  searchParams?: string;
  /** `'built'` at load time, or `'loaded'` from the model directory (`manifest.indexes[name]`). */
  source: 'built' | 'loaded';
}

/**
 * A named embedding set the server searches (`of: 'items'` for item-items, `of: 'users'` for
 * user-users), read from `embeddings/<name>.*` and indexed by cosine similarity (exact or FAISS by
 * the same policy as the item embeddings, or the prebuilt index the manifest lists).
 */
export interface NamedSet {
  name: EmbeddingSetName;
  of: 'items' | 'users';
  /** How it was learned (`item2vec`, `deepwalk`, `text`, ...; `unknown` when the manifest does not say). */
  method: string;
  dim: number;
  /** One id per row of the file (item ids, or user ids). */
  ids: readonly string[];
  /** `[rows × dim]` vectors, in the set's file order. */
  vectors: Float32Array;
  /**
   * Row of each catalogue item (`of: 'items'`, `[numItems]`) or known user (`of: 'users'`,
   * `[numUsers]`) in {@link vectors}, -1 when the set has no vector for it (absent, or an all-zero
   * row: e.g. an item without enough interactions to be trained).
   */
  rowOf: Int32Array;
  /** Catalogue items / known users with a vector. */
  covered: number;
  /** Cosine index over the rows with a vector; ids are item ids (items) or user indices (users). */
  index: VectorIndex;
  /** For `of: 'users'`: {@link index} as a distinct-user search (user-users). */
  users?: UserIndex;
  summary: NamedIndexSummary;
}

/** Vector `[dim]` of catalogue item / user `i` in `set` (a view), or undefined when it has none. */
export function namedVector(set: NamedSet, i: number): Float32Array | undefined {
  const row = i >= 0 ? set.rowOf[i]! : -1;
  return row < 0 ? undefined : set.vectors.subarray(row * set.dim, (row + 1) * set.dim);
}

/** What {@link loadNamedSets} maps a set's ids onto: the catalogue's and the known users' ids. */
export interface IdSpace {
  items: readonly string[];
  itemIndex(id: string): number;
  users: readonly string[];
  userIndex(id: string): number;
}

function isZero(vectors: Float32Array, row: number, dim: number): boolean {
  for (let j = row * dim; j < (row + 1) * dim; j++) if (vectors[j] !== 0) return false;
  return true;
}

/** Reads one named set, maps its ids, builds or loads its index; refusals name the file and row. */
async function loadNamedSet(files: ModelFiles, name: string, entry: EmbeddingSetEntry & { of: 'items' | 'users' }, space: IdSpace, policy: IndexPolicy | undefined): Promise<NamedSet> {
  const set = files.namedSet(name)!;
  const { dim, vectors, ids } = set;
  const of = entry.of;
  const lookup = of === 'items' ? (id: string) => space.itemIndex(id) : (id: string) => space.userIndex(id);
  const rowOf = new Int32Array(of === 'items' ? space.items.length : space.users.length).fill(-1);
  const keys: Array<string | number> = [];
  const kept: number[] = [];
  ids.forEach((id, row) => {
    const i = lookup(id);
    const where = `embedding set "${name}" (${entry.ids}) row ${row}`;
    if (i < 0) files.refuse(`${where} is ${of === 'items' ? 'item' : 'user'} ${JSON.stringify(id)}, which is not in ${of === 'items' ? 'the catalogue (items.json)' : `the known users (${files.usersFile})`}: retrain the model`);
    if (rowOf[i]! >= 0) files.refuse(`${where} repeats ${JSON.stringify(id)} (also row ${rowOf[i]}): retrain the model`);
    for (let j = row * dim; j < (row + 1) * dim; j++) {
      if (!Number.isFinite(vectors[j]!)) files.refuse(`${where} (${JSON.stringify(id)}) is not finite (NaN or infinite) in ${entry.file}: retrain the set`);
    }
    if (isZero(vectors, row, dim)) return; // no trained vector: neither queried nor returned
    rowOf[i] = row;
    keys.push(of === 'items' ? id : i);
    kept.push(row);
  });
  const rows = new Float32Array(kept.length * dim);
  kept.forEach((row, r) => rows.set(vectors.subarray(row * dim, (row + 1) * dim), r * dim));
  const listed = files.index(name);
  let index: VectorIndex;
  if (listed) {
    index = await loadIndex(listed.path, { dim, metric: 'cosine' });
    if (index.size !== keys.length || !keys.every((key) => index.has(key))) {
      files.refuse(`index ${listed.file} does not hold exactly the ${keys.length} ${of} of embedding set "${name}" that have a vector (by ${of === 'items' ? 'item id' : 'user index'}): rebuild it from ${entry.file}`);
    }
  } else {
    index = buildIndex(keys, rows, dim, { ...chooseIndex(keys.length, policy), metric: 'cosine' });
  }
  const info = index.info();
  const summary: NamedIndexSummary = { kind: info.kind, rows: info.size, source: listed ? 'loaded' : 'built' };
  if (info.factory !== undefined) summary.factory = info.factory;
  if (info.searchParams !== undefined) summary.searchParams = info.searchParams;
  const out: NamedSet = { name, of, method: entry.method ?? 'unknown', dim, ids, vectors, rowOf, covered: kept.length, index, summary };
  if (of === 'users') out.users = userVectorIndex(index);
  return out;
}

/**
 * Every named embedding set of a model directory whose rows are catalogue items or known users
 * (not the two-tower's own `candidates` and `queries`, served as before), each indexed by cosine
 * similarity: exact or FAISS as `policy` says for its rows (the item index's policy), or the
 * prebuilt index `manifest.indexes[name]` lists. Sets of other rows (interactions) are not served.
 * @param yieldToLoop called between sets, so a server keeps answering while a model loads
 * @throws Error (through `files.refuse`, naming the file and row) for an id outside the catalogue
 *   or the known users, a repeated id, a value that is not finite, or a prebuilt index that does
 *   not hold the set's ids
 */
export async function loadNamedSets(files: ModelFiles, space: IdSpace, policy: IndexPolicy | undefined, yieldToLoop: () => Promise<unknown>): Promise<Map<string, NamedSet>> {
  const out = new Map<string, NamedSet>();
  for (const [name, entry] of Object.entries(files.embeddingSets())) {
    if (name === 'candidates' || name === 'queries') continue;
    if (entry.of !== 'items' && entry.of !== 'users') continue;
    out.set(name, await loadNamedSet(files, name, { ...entry, of: entry.of }, space, policy));
    await yieldToLoop();
  }
  return out;
}
