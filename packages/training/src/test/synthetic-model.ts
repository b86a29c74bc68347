/**
 * A synthetic artifact of serving size (default 1,000,000 items, 10,000 users, 200,000 query
 * embeddings) laid out exactly as twotower-train writes one, for load tests of a server
 * (`@twotower/training/test`; the serving benchmark uses it).
 *
 * What is real and what is synthetic:
 * - the recommender is real (@twotower/recommender: fitted features, small towers, catalogue,
 *   users, seen items, popularity) — the server loads it through the same code path as a trained
 *   model, and the query tower runs for requests with a timestamp;
 * - the towers are untrained (their scores mean nothing; their cost is what is measured);
 * - the item embeddings are a seeded Gaussian mixture (`clusteredVectors`,
 *   1,000 clusters) instead of the candidate tower's output — an untrained tower over hashed ids
 *   gives thousands of identical vectors, which no ANN index meets in practice;
 * - the FAISS indexes (items: IVF1024,Flat; query embeddings: IVF512,Flat; nprobe 8) are built
 *   here and listed in the manifest (`indexes`), so the server loads them instead of training
 *   IVF at every start.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { embeddingFiles, writeModelDirectory } from '@twotower/artifact';
import { type FeatureSpec } from '@twotower/features';
import { clusteredVectors, createIndex, seededRandom } from '@twotower/index';
import { Recommender } from '@twotower/recommender';
import { ready } from '@twotower/runtime';

/** Options of {@link writeSyntheticArtifact}. */
export interface SyntheticArtifactOptions {
  /** Items in the catalogue. Default 1,000,000. */
  items?: number;
  /** Users. Default 10,000. */
  users?: number;
  /** Training interactions (= query embeddings) per user. Default 20. */
  rowsPerUser?: number;
  /** Embedding width. Default 32. */
  dim?: number;
  /** FAISS factory of the item index. Default `'IVF1024,Flat'`. */
  itemFactory?: string;
  /** FAISS factory of the query-embedding index. Default `'IVF512,Flat'`. */
  queryFactory?: string;
  /** FAISS search parameters of both. Default `'nprobe=8'`. */
  searchParams?: string;
  /** Seed. Default 1. */
  seed?: number;
  /** Progress lines. Default: none. */
  log?: (line: string) => void;
}

/** Writes the artifact into `dir` (atomically, replacing it). Returns seconds taken per step. */
export async function writeSyntheticArtifact(dir: string, options: SyntheticArtifactOptions = {}): Promise<Record<string, number>> {
  const nItems = options.items ?? 1_000_000;
  const nUsers = options.users ?? 10_000;
  const perUser = options.rowsPerUser ?? 20;
  const dim = options.dim ?? 32;
  const seed = options.seed ?? 1;
  const log = options.log ?? (() => {});
  const times: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    times[name] = Math.round(now - t) / 1000;
    log(`${name}: ${times[name]} s`);
    t = now;
  };
  await ready({ log: null });
  const rand = seededRandom(seed);

  // interactions: each user picks items with a Zipf-like popularity
  const rows = nUsers * perUser;
  const rowItem = new Int32Array(rows);
  const rowTime = new Float64Array(rows);
  const userIds = Array.from({ length: nUsers }, (_, u) => `u${u}`);
  const rowUserIds = new Array<string>(rows);
  const t0 = 880_000_000;
  for (let r = 0; r < rows; r++) {
    rowItem[r] = Math.min(nItems - 1, Math.floor(nItems * rand() ** 3));
    rowTime[r] = t0 + Math.floor(rand() * 20_000_000);
    rowUserIds[r] = userIds[Math.floor(r / perUser)]!;
  }
  const lastTimestamp = new Float64Array(nUsers);
  const popularity = new Float32Array(nItems);
  const offsets = new Int32Array(nUsers + 1);
  const seenItems: number[] = [];
  for (let u = 0; u < nUsers; u++) {
    const mine = new Set<number>();
    for (let r = u * perUser; r < (u + 1) * perUser; r++) {
      lastTimestamp[u] = Math.max(lastTimestamp[u]!, rowTime[r]!);
      popularity[rowItem[r]!]! += 1;
      mine.add(rowItem[r]!);
    }
    seenItems.push(...[...mine].sort((a, b) => a - b));
    offsets[u + 1] = seenItems.length;
  }
  const catalogue = {
    ids: Array.from({ length: nItems }, (_, i) => `i${i}`),
    titles: Array.from({ length: nItems }, (_, i) => `Synthetic item ${i}`),
    genres: Array.from({ length: nItems }, () => [] as string[]),
  };
  lap('data');

  const query: FeatureSpec[] = [
    { name: 'user_id', kind: 'categorical', source: 'user', embeddingDim: 16 },
    { name: 'timestamp_bucket', kind: 'discretized', source: 'timestamp', bins: 100, embeddingDim: 8 },
    { name: 'timestamp', kind: 'numeric', source: 'timestamp', normalize: true },
  ];
  const candidate: FeatureSpec[] = [{ name: 'item_hash', kind: 'hashed', source: 'item', bins: 4096, embeddingDim: 16 }];
  const rec = Recommender.create(
    { query, candidate, model: { queryLayers: [dim], candidateLayers: [dim], seed } },
    { users: rowUserIds, timestamps: rowTime },
    { catalogue, users: { ids: userIds, lastTimestamp }, seen: { offsets, items: Int32Array.from(seenItems) }, popularity },
  );
  const queryVectors = rec.embedQueries(rowUserIds, rowTime);
  lap('recommender and query embeddings');
  const itemVectors = clusteredVectors({ n: nItems, dim, clusters: 1000, seed: seed + 1 });
  lap('item embeddings');
  const searchParams = options.searchParams ?? 'nprobe=8';
  const itemFactory = options.itemFactory ?? 'IVF1024,Flat';
  const itemIndex = createIndex({ kind: 'faiss', dim, metric: 'ip', factory: itemFactory, searchParams, fallbackToExact: false });
  itemIndex.add(catalogue.ids, itemVectors);
  lap('item index (FAISS IVF)');
  const itemSeconds = times['item index (FAISS IVF)']!;
  const queryFactory = options.queryFactory ?? 'IVF512,Flat';
  const queryIndex = createIndex({ kind: 'faiss', dim, metric: 'ip', factory: queryFactory, searchParams, fallbackToExact: false });
  queryIndex.add(Int32Array.from({ length: rows }, (_, r) => r), queryVectors);
  lap('query index (FAISS IVF)');
  const querySeconds = times['query index (FAISS IVF)']!;

  try {
    await writeModelDirectory(
      dir,
      {
        packages: {},
        config: { synthetic: { items: nItems, users: nUsers, rowsPerUser: perUser, dim, seed } },
        data: { name: `synthetic-${nItems}`, fingerprint: `synthetic-seed-${seed}-${nItems}-${nUsers}-${perUser}`, interactions: rows, users: nUsers, items: nItems },
        model: { dim, items: nItems, queries: rows },
      },
      async (writer) => {
        // the clustered item embeddings replace the untrained tower's output
        await rec.save(writer, { itemEmbeddings: itemVectors, queryEmbeddings: { ids: rowUserIds, vectors: queryVectors } });
        await writer.index('candidates', { kind: 'faiss', factory: itemFactory, searchParams, rows: nItems, seconds: itemSeconds }, (path) => itemIndex.save(path));
        await writer.index('queries', { kind: 'faiss', factory: queryFactory, searchParams, rows, seconds: querySeconds }, (path) => queryIndex.save(path));
        writeFileSync(join(writer.dir, 'SYNTHETIC.txt'), 'Synthetic benchmark model written by writeSyntheticArtifact (@twotower/training/test): untrained towers, clustered item embeddings.\n');
      },
      { overwrite: true },
    );
  } finally {
    rec.dispose();
  }
  lap('write (with checksums)');
  const items = embeddingFiles('candidates').file;
  log(`artifact: ${dir} (${items} ${(statSync(join(dir, items)).size / 1e6).toFixed(0)} MB)`);
  return times;
}
