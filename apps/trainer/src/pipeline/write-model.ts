import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeArtifact, type Manifest } from '@twotower/artifact';
import { fingerprint } from '@twotower/data';
import type { TrainConfig } from '../config/schema';
import type { Prepared } from './prepare';
import type { FitResult } from './fit';
import { prebuildIndexes } from './prebuild-indexes';

const PACKAGES = ['runtime', 'data', 'features', 'towers', 'losses', 'eval', 'artifact', 'recommender'];

/** Versions of the @twotower packages in use, for the manifest. */
export function packageVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      out[`@twotower/${name}`] = (require(`@twotower/${name}/package.json`) as { version: string }).version;
    } catch {
      out[`@twotower/${name}`] = 'unknown';
    }
  }
  return out;
}

/**
 * Writes the model artifact atomically: the recommender (features, weights, catalogue, users,
 * item and query embeddings), `metrics.json`, `history.json`, `config.json`, the FAISS indexes
 * the serving app would otherwise build at start (`indexes.prebuild`), and the manifest with a
 * checksum of every file.
 */
export async function writeModel(out: string, p: Prepared, config: TrainConfig, fitResult: FitResult, metrics: unknown, log: (line: string) => void = () => {}): Promise<Manifest> {
  const rows = p.trainRows;
  const queryIds = Array.from(rows, (r) => p.rowUserIds[r]!);
  const queryVectors = p.recommender.embedQueries(queryIds, Float64Array.from(rows, (r) => p.timestamps[r]!));
  const dim = p.recommender.dim;
  // embedded once: written as candidates.f32 and indexed below
  const itemVectors = p.recommender.embedItems();
  const indexes = config.indexes.prebuild
    ? prebuildIndexes(
        { candidates: { ids: p.recommender.catalogue.ids, vectors: itemVectors }, queries: { ids: Int32Array.from({ length: rows.length }, (_, i) => i), vectors: queryVectors } },
        dim,
        config.indexes.exactBelow,
        log,
      )
    : undefined;
  return writeArtifact(
    out,
    {
      packages: packageVersions(),
      config,
      data: { name: p.dataset.name, fingerprint: fingerprint(p.log), interactions: p.log.length, users: p.numUsers, items: p.numItems },
      metrics,
      model: { dim: p.recommender.dim, items: p.numItems, queries: rows.length },
      embeddings: { candidates: { file: 'candidates.f32', ids: 'candidates.ids.json', dim }, queries: { file: 'queries.f32', ids: 'queries.ids.json', dim } },
      ...(indexes && Object.keys(indexes.entry).length > 0 ? { indexes: indexes.entry } : {}),
    },
    async (dir) => {
      await p.recommender.save(dir, { queryEmbeddings: { ids: queryIds, vectors: queryVectors }, itemEmbeddings: itemVectors });
      const json = (name: string, v: unknown) => writeFileSync(join(dir, name), JSON.stringify(v, null, 2) + '\n');
      json('metrics.json', metrics);
      json('timestamp-buckets.json', { counts: bucketCounts(p) });
      json('history.json', fitResult.history);
      json('config.json', config);
      await indexes?.save(dir);
    },
    { overwrite: true },
  );
}

/** Training interactions per timestamp bucket (the report maps only buckets training reached). */
function bucketCounts(p: Prepared): number[] {
  const rows = p.trainRows;
  const batch = p.recommender.queryBatch(Array.from(rows, (r) => p.rowUserIds[r]!), Float64Array.from(rows, (r) => p.timestamps[r]!));
  const ids = batch.timestamp_bucket;
  const size = p.recommender.model.query.inputs.tables.get('timestamp_bucket')?.vocabularySize ?? 0;
  const counts = new Array<number>(size).fill(0);
  if (ids) for (const b of ids) counts[b] = (counts[b] ?? 0) + 1;
  return counts;
}
