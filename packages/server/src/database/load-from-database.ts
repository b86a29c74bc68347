import type { EmbeddingSet } from '@twotower/artifact';
import { BruteForceIndex } from '@twotower/index';
import type { Recommender } from '@twotower/recommender';
import type { ModelFiles } from '../model/read-model-files';
import { loadSegmentations } from '../model/segmentations';
import { ServingModel, type IndexSummary, type ModelSummary } from '../model/serving-model';
import { setsSummary } from '../model/sets-summary';
import { exactUserIndex } from '../model/user-index';
import { DatabaseStore, type DatabaseOptions } from './database-store';
import { stageSummary } from '../model/model-summary';

/** What {@link servedFromDatabase} is given by the loader: the verified files, the loaded recommender and its item embeddings. */
export interface DatabaseLoad {
  files: ModelFiles;
  recommender: Recommender;
  /** The candidate embeddings as the directory holds them (ids and vectors). */
  candidates: EmbeddingSet;
  /** `[items × dim]` candidate embeddings in catalogue order. */
  itemVectors: Float32Array;
  database: DatabaseOptions;
  backend: string;
  /** `performance.now()` when the load began. */
  t0: number;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

/** The summary of a published pgvector table. */
async function tableSummary(store: DatabaseStore, index: DatabaseStore['items']): Promise<IndexSummary> {
  const info = await store.run(() => index.info());
  return { kind: 'pgvector', rows: info.size, ...(info.factory !== undefined ? { factory: info.factory } : {}), ...(info.searchParams !== undefined ? { searchParams: info.searchParams } : {}), source: 'loaded' };
}

/**
 * A {@link ServingModel} served from PostgreSQL: opens the published version of the directory in
 * the database (`DatabaseStore.open`, refusing with the reason when it is not published or cannot
 * be reached) and keeps in memory only what the towers need (the recommender, the catalogue's
 * embeddings for item queries, segmentations); the user vectors and the in-memory indexes are
 * empty, every search reads the database. No query-tower pass over the users at load.
 */
export async function servedFromDatabase(load: DatabaseLoad): Promise<ServingModel> {
  const { files, recommender, candidates, itemVectors, backend, t0, log } = load;
  const { manifest, version, artifact } = files;
  const dim = recommender.dim;
  const entries = files.embeddingSets();
  const named = Object.entries(entries)
    .filter(([name, e]) => name !== 'candidates' && name !== 'queries' && (e.of === 'items' || e.of === 'users'))
    .map(([name, e]) => ({ name, of: e.of as 'items' | 'users' }));
  const store = await DatabaseStore.open(load.database, version, named, (reason) =>
    reason === undefined ? log('database available again', { url: store.readUrl }) : log('database unavailable', { url: store.readUrl, reason }),
  );
  try {
    const space = { items: recommender.catalogue.ids, itemIndex: (id: string) => recommender.itemIndex(id), users: recommender.users.ids, userIndex: (id: string) => recommender.userIndex(id) };
    const segmentations = loadSegmentations(files, space, (set) => {
      if (set === 'candidates') return { ids: candidates.ids, of: 'items' as const };
      const published = store.sets.get(set);
      const read = published && files.namedSet(set);
      return read ? { ids: read.ids, of: published.of } : undefined;
    });
    const sets = setsSummary(entries, { dim, rows: recommender.numItems }, new Map(), segmentations, (file) => manifest.files.find((f) => f.path === file)?.bytes);
    for (const set of store.sets.values()) {
      const entry = sets.embeddings[set.name];
      if (!entry) continue;
      entry.vectors = set.rows;
      entry.endpoints = [set.of === 'items' ? 'item-items' : 'user-users'];
      entry.index = await tableSummary(store, set.index);
    }
    const users = await tableSummary(store, store.users);
    const summary: ModelSummary = {
      version,
      dir: artifact.dir,
      createdAt: manifest.createdAt,
      data: manifest.data,
      dim,
      items: recommender.numItems,
      users: recommender.numUsers,
      queryRows: 0,
      ...stageSummary(recommender),
      indexes: { items: await tableSummary(store, store.items), queries: { kind: 'pgvector', rows: 0, source: 'loaded' }, users },
      ...sets,
      backend,
      database: { url: store.url, readUrl: store.readUrl, name: store.name, schema: store.schema },
      loadSeconds: Math.round(performance.now() - t0) / 1000,
      loadedAt: new Date().toISOString(),
    };
    log('model loaded', { version, dir: artifact.dir, database: summary.database, items: summary.indexes.items.rows, users: users.rows, seconds: summary.loadSeconds });
    return new ServingModel({
      version,
      dir: artifact.dir,
      manifest,
      recommender,
      itemVectors,
      itemIndex: new BruteForceIndex({ dim, metric: 'ip' }),
      userIndex: exactUserIndex(new Float32Array(0), new Int32Array(0), recommender.numUsers, dim),
      userVectors: new Float32Array(0),
      userVectorIndex: exactUserIndex(new Float32Array(0), new Int32Array(0), recommender.numUsers, dim),
      segmentations,
      database: store,
      summary,
    });
  } catch (e) {
    await store.close();
    throw e;
  }
}
