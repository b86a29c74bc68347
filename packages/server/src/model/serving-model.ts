import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Artifact, ModelManifest } from '@twotower/artifact';
import { buildChosenIndex, chooseIndex, loadIndex, type IndexPolicy, type VectorIndex } from '@twotower/index';
import { Recommender, type Ranker } from '@twotower/recommender';
import { ready } from '@twotower/runtime';
import { AddedItems } from './added-items';
import { loadNamedSets, type IdSpace, type NamedSet } from './named-sets';
import { openModelFiles } from './read-model-files';
import { loadSegmentations, type ServedSegmentation } from './segmentations';
import { setsSummary } from './sets-summary';
import { annUserIndex, buildUserIndex, type UserIndex } from './user-index';
import { buildUserVectorIndex } from './user-vector-index';
import type { DatabaseStore, DatabaseOptions } from '../database/database-store';
import { servedFromDatabase } from '../database/load-from-database';
import { stageSummary, type IndexSummary, type ModelSummary } from './model-summary';

/** Options of {@link loadServingModel}. */
export interface LoadModelOptions {
  /**
   * Index over the item (candidate) embeddings, and over each named set of items or users
   * (cosine). Default `{ kind: 'auto' }` (exact below 100,000 rows).
   */
  items?: IndexPolicy;
  /**
   * Index over the per-interaction query embeddings (`queries.f32`: user2user and item2user with
   * `rows: 'interactions'`). Default `{ kind: 'auto' }`.
   */
  queries?: IndexPolicy;
  /**
   * Index over the per-user query vectors (one row per known user at their default time:
   * user2user and item2user by default). Default `{ kind: 'auto' }`: exact below 100,000 users,
   * FAISS IVF above (when faiss-node loads), as for the items.
   */
  users?: IndexPolicy;
  /** Where progress lines go (one per loading step). Default: nowhere. */
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /**
   * Called with the recommender right after it is loaded, before indexes are built (e.g. to attach
   * a ranking model the artifact does not carry). Default: none.
   */
  prepare?: (recommender: Recommender, artifact: Artifact) => void | Promise<void>;
  /**
   * Serve from PostgreSQL (a model published there by `twotower-train publish`): only the towers,
   * the features and the catalogue stay in memory; each user's query vector and training items,
   * the item and user indexes (pgvector), the named sets and the items added after publishing are
   * read from the database, so that replicas on one database answer alike. The model directory's
   * version must be published there. Default: everything in memory.
   */
  database?: DatabaseOptions;
}

export type { IndexSummary, ModelSummary } from './model-summary';

/** Users embedded per query-tower call when caching default-time embeddings. */
const USER_BATCH = 16_384;

/**
 * One loaded model with everything the endpoints need: the recommender (towers, catalogue, users,
 * seen items), the item embeddings and their index, the query embeddings and their index, the
 * default-time embedding of every known user (cached, so most user queries need no tfjs call) and
 * an index over them (one row per user), and the popularity order for cold starts. Immutable once built, but for {@link added}, the items
 * added since it was loaded (`POST /admin/items`; lost when another model replaces it).
 * {@link dispose} frees the towers.
 */
export class ServingModel {
  /** First 16 hex digits of the sha256 of `manifest.json`: changes whenever any file does. */
  readonly version: string;
  readonly dir: string;
  readonly manifest: ModelManifest;
  readonly recommender: Recommender;
  readonly dim: number;
  /** `[items × dim]` candidate-tower embeddings in catalogue order. */
  readonly itemVectors: Float32Array;
  /** Inner-product index over {@link itemVectors}; ids are the catalogue's item ids (strings). */
  readonly itemIndex: VectorIndex;
  /**
   * Distinct-user search over the per-interaction query embeddings (`queries.f32`, one row per
   * training interaction; a user scored by their best row): user2user and item2user with
   * `rows: 'interactions'`.
   */
  readonly userIndex: UserIndex;
  /** `[users × dim]` query embedding of each known user at their default time. */
  readonly userVectors: Float32Array;
  /**
   * Search over {@link userVectors}, one row per user (exact, or FAISS for many users: the
   * `users` policy): user2user and item2user by default (`rows: 'users'`).
   */
  readonly userVectorIndex: UserIndex;
  /** Item indices by training popularity, most popular first (ties: catalogue order). */
  readonly popularOrder: Int32Array;
  /** Users of each item among training interactions (CSR): `users[offsets[i] .. offsets[i+1])`. */
  readonly itemUsers: { offsets: Int32Array; users: Int32Array };
  /** Items added after training, searched beside {@link itemIndex} (see `searchItems`). */
  readonly added: AddedItems;
  /** Named embedding sets of items or users (item-items / user-users with `"embeddings": "<name>"`), by name; empty when the model has none. */
  readonly namedSets: ReadonlyMap<string, NamedSet>;
  /** Segmentations by set (`candidates`, named sets), for answers' `segment` fields and `GET /v1/segments`; empty when the model has none. */
  readonly segmentations: ReadonlyMap<string, ServedSegmentation>;
  readonly summary: ModelSummary;
  /**
   * The database the model is served from (`LoadModelOptions.database`), or `undefined` when it is
   * served from memory. When set, the in-memory indexes and user vectors are empty: every
   * recommendation reads PostgreSQL.
   */
  readonly database: DatabaseStore | undefined;
  private disposed = false;

  constructor(parts: {
    version: string;
    dir: string;
    manifest: ModelManifest;
    recommender: Recommender;
    itemVectors: Float32Array;
    itemIndex: VectorIndex;
    userIndex: UserIndex;
    userVectors: Float32Array;
    /** Default: an exact index over `userVectors`. */
    userVectorIndex?: UserIndex;
    /** Default: none. */
    namedSets?: ReadonlyMap<string, NamedSet>;
    /** Default: none. */
    segmentations?: ReadonlyMap<string, ServedSegmentation>;
    /** Default: none (served from memory). */
    database?: DatabaseStore;
    summary: ModelSummary;
  }) {
    this.version = parts.version;
    this.dir = parts.dir;
    this.manifest = parts.manifest;
    this.recommender = parts.recommender;
    this.dim = parts.recommender.dim;
    this.itemVectors = parts.itemVectors;
    this.itemIndex = parts.itemIndex;
    this.userIndex = parts.userIndex;
    this.userVectors = parts.userVectors;
    this.userVectorIndex = parts.userVectorIndex ?? buildUserVectorIndex(parts.userVectors, parts.recommender.numUsers, this.dim, { kind: 'exact' });
    this.summary = parts.summary;
    this.added = new AddedItems(this.dim);
    this.namedSets = parts.namedSets ?? new Map();
    this.segmentations = parts.segmentations ?? new Map();
    this.database = parts.database;
    const rec = parts.recommender;
    const pop = rec.popularity;
    this.popularOrder = Int32Array.from({ length: rec.numItems }, (_, i) => i).sort((a, b) => pop[b]! - pop[a]! || a - b);
    this.itemUsers = transposeSeen(rec.seen.offsets, rec.seen.items, rec.numItems);
  }

  /** The ranking model, when the artifact has one. */
  get ranker(): Ranker | undefined {
    return this.recommender.ranker;
  }

  /** Query embedding `[dim]` of a known user at their default time (a view, no copy). */
  userVector(user: number): Float32Array {
    return this.userVectors.subarray(user * this.dim, (user + 1) * this.dim);
  }

  /** Candidate embedding `[dim]` of an item (a view, no copy). */
  itemVector(item: number): Float32Array {
    return this.itemVectors.subarray(item * this.dim, (item + 1) * this.dim);
  }

  /** Frees the towers' tensors and closes the database pools. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.recommender.dispose();
    void this.database?.close();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }
}

function transposeSeen(offsets: Int32Array, items: Int32Array, numItems: number): { offsets: Int32Array; users: Int32Array } {
  const counts = new Int32Array(numItems + 1);
  for (const i of items) counts[i + 1]! += 1;
  for (let i = 0; i < numItems; i++) counts[i + 1]! += counts[i]!;
  const users = new Int32Array(items.length);
  const fill = counts.slice(0, numItems);
  for (let u = 0; u + 1 < offsets.length; u++) {
    for (let p = offsets[u]!; p < offsets[u + 1]!; p++) users[fill[items[p]!]!++] = u;
  }
  return { offsets: counts, users };
}

/** Row of the first non-finite value in `[n × dim]` vectors, or -1. */
function firstNonFinite(vectors: Float32Array, dim: number): number {
  for (let i = 0; i < vectors.length; i++) if (!Number.isFinite(vectors[i]!)) return Math.floor(i / dim);
  return -1;
}

function describe(index: VectorIndex | UserIndex, source: 'built' | 'loaded'): IndexSummary {
  const info = 'info' in index ? index.info() : { kind: index.kind, size: index.rows, factory: index.factory, searchParams: index.searchParams };
  const out: IndexSummary = { kind: info.kind, rows: info.size, source };
  if (info.factory !== undefined) out.factory = info.factory;
  if (info.searchParams !== undefined) out.searchParams = info.searchParams;
  return out;
}

/**
 * Loads a model directory for serving: verifies every file's checksum (refusing a damaged or
 * newer-format artifact with the reason), checks that its files fit together (the spec, features,
 * config, catalogue, users, seen items and statistics; a refusal names the file), loads the recommender, reads the item and query
 * embeddings, embeds every known user at their default time, loads the prebuilt indexes the
 * manifest lists or builds them as the policies say, and builds the index of the user vectors
 * (one row per user), then reads the named embedding sets of items or users (each in a cosine
 * index: `namedSets`) and the segmentations of the sets it serves (`segmentations`). Yields to the event loop between steps so a
 * server keeps answering while a new model loads.
 */
export async function loadServingModel(dir: string, options: LoadModelOptions = {}): Promise<ServingModel> {
  const log = options.log ?? (() => {});
  const t0 = performance.now();
  const backend = await ready({ log: (line) => log(line) });
  const files = openModelFiles(dir);
  const { artifact, manifest, version, refuse } = files;
  await yieldToLoop();
  // Recommender.load checks that the files fit together, naming the file at fault
  const recommender = await Recommender.load(artifact);
  try {
    if (options.prepare) await options.prepare(recommender, artifact);
    const dim = recommender.dim;
    const numItems = recommender.numItems;

    // item embeddings, in catalogue order
    const cand = files.candidates(dim);
    if (cand.ids.length !== numItems) refuse(`${cand.ids.length} item embeddings for ${numItems} catalogue items: retrain the artifact`);
    let itemVectors = cand.vectors;
    if (cand.ids.some((id, i) => id !== recommender.catalogue.ids[i])) {
      itemVectors = new Float32Array(numItems * dim);
      cand.ids.forEach((id, row) => {
        const i = recommender.itemIndex(id);
        if (i < 0) refuse(`item embedding ${JSON.stringify(id)} is not in the catalogue: retrain the artifact`);
        itemVectors.set(cand.vectors.subarray(row * dim, (row + 1) * dim), i * dim);
      });
    }
    const badItem = firstNonFinite(itemVectors, dim);
    if (badItem >= 0) refuse(`the embedding of item ${JSON.stringify(recommender.catalogue.ids[badItem])} is not finite (NaN or infinite): training diverged; retrain the model`);
    await yieldToLoop();
    if (options.database) return await servedFromDatabase({ files, recommender, candidates: cand, itemVectors, database: options.database, backend: backend.backend, t0, log });

    // default-time user embeddings (the only tfjs work of a load)
    const userVectors = new Float32Array(recommender.numUsers * dim);
    for (let u0 = 0; u0 < recommender.numUsers; u0 += USER_BATCH) {
      const ids = recommender.users.ids.slice(u0, u0 + USER_BATCH);
      userVectors.set(recommender.embedQueries(ids), u0 * dim);
      if (u0 + USER_BATCH < recommender.numUsers) await yieldToLoop();
    }
    const badUser = firstNonFinite(userVectors, dim);
    if (badUser >= 0) refuse(`the query embedding of user ${JSON.stringify(recommender.users.ids[badUser])} is not finite (NaN or infinite): training diverged; retrain the model`);
    await yieldToLoop();

    // query embeddings: one row per training interaction (or, without them, one per user)
    let queryVectors = userVectors;
    let queryRowUser = Int32Array.from({ length: recommender.numUsers }, (_, u) => u);
    const q = files.queries(dim);
    if (q !== undefined) {
      queryVectors = q.vectors;
      queryRowUser = new Int32Array(q.ids.length);
      q.ids.forEach((id, row) => {
        const u = recommender.userIndex(id);
        if (u < 0) refuse(`query embedding row ${row} belongs to user ${JSON.stringify(id)}, who is not in ${files.usersFile}: retrain the artifact`);
        queryRowUser[row] = u;
      });
    }
    await yieldToLoop();

    // indexes: listed in the manifest, or built now
    const listedItems = files.index('candidates');
    let itemIndex: VectorIndex;
    if (listedItems) {
      itemIndex = await loadIndex(listedItems.path, { dim, metric: 'ip' });
      if (itemIndex.size !== numItems || !recommender.catalogue.ids.every((id) => itemIndex.has(id))) {
        refuse(`index ${listedItems.file} does not hold exactly the catalogue's item ids: rebuild it from ${files.embeddingsFile('candidates')}`);
      }
    } else {
      itemIndex = buildChosenIndex(recommender.catalogue.ids, itemVectors, dim, chooseIndex(numItems, options.items));
    }
    await yieldToLoop();
    let userIndex: UserIndex;
    const rows = queryRowUser.length;
    const listedQueries = files.index('queries');
    if (listedQueries) {
      const loaded = await loadIndex(listedQueries.path, { dim, metric: 'ip' });
      if (loaded.size !== rows || (rows > 0 && (!loaded.has(0) || !loaded.has(rows - 1)))) {
        refuse(`index ${listedQueries.file} must hold the ${rows} query-embedding rows under ids 0..${rows - 1}: rebuild it from ${files.embeddingsFile('queries')}`);
      }
      const perUser = new Int32Array(recommender.numUsers);
      for (const u of queryRowUser) perUser[u]! += 1;
      userIndex = annUserIndex(loaded, queryRowUser, perUser);
    } else {
      userIndex = buildUserIndex(queryVectors, queryRowUser, recommender.numUsers, dim, chooseIndex(rows, options.queries));
    }
    await yieldToLoop();
    const userVectorIndex = buildUserVectorIndex(userVectors, recommender.numUsers, dim, chooseIndex(recommender.numUsers, options.users));
    await yieldToLoop();

    // named sets of items or users (cosine indexes) and segmentations
    const space: IdSpace = {
      items: recommender.catalogue.ids,
      itemIndex: (id) => recommender.itemIndex(id),
      users: recommender.users.ids,
      userIndex: (id) => recommender.userIndex(id),
    };
    const namedSets = await loadNamedSets(files, space, options.items, yieldToLoop);
    const segmentations = loadSegmentations(
      files,
      space,
      (set) => {
        if (set === 'candidates') return { ids: cand.ids, of: 'items' as const };
        const named = namedSets.get(set);
        return named && { ids: named.ids, of: named.of };
      },
      (set) => log('segments not served: their set is not one of items or users the server serves', { set }),
    );
    const sets = setsSummary(files.embeddingSets(), { dim, rows: numItems }, namedSets, segmentations, (file) => manifest.files.find((f) => f.path === file)?.bytes);

    const seconds = (performance.now() - t0) / 1000;
    const summary: ModelSummary = {
      version,
      dir: artifact.dir,
      createdAt: manifest.createdAt,
      data: manifest.data,
      dim,
      items: numItems,
      users: recommender.numUsers,
      queryRows: rows,
      ...stageSummary(recommender),
      indexes: {
        items: describe(itemIndex, listedItems ? 'loaded' : 'built'),
        queries: describe(userIndex, listedQueries ? 'loaded' : 'built'),
        users: describe(userVectorIndex, 'built'),
      },
      ...sets,
      backend: backend.backend,
      loadSeconds: Math.round(seconds * 1000) / 1000,
      loadedAt: new Date().toISOString(),
    };
    log('model loaded', { version, dir: artifact.dir, items: numItems, users: recommender.numUsers, queryRows: rows, seconds: summary.loadSeconds, indexes: summary.indexes, sets: [...namedSets.keys()], segmentations: [...segmentations.keys()] });
    return new ServingModel({ version, dir: artifact.dir, manifest, recommender, itemVectors, itemIndex, userIndex, userVectors, userVectorIndex, namedSets, segmentations, summary });
  } catch (e) {
    recommender.dispose();
    throw e;
  }
}
