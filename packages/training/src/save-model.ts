import { writeModelDirectory, type EpochRecord, type IndexEntry, type ModelManifest, type ModelMetrics } from '@twotower/artifact';
import { fingerprint } from '@twotower/data';
import { buildChosenIndex, chooseIndex, type VectorId, type VectorIndex } from '@twotower/index';
import type { Recommender } from '@twotower/recommender';
import type { Progress } from './progress';
import type { TrainingData } from './training-data';

const PACKAGES = ['runtime', 'data', 'features', 'towers', 'losses', 'eval', 'artifact', 'recommender', 'training'];

/** Versions of the `@twotower/*` packages in use, for the manifest. */
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

/** Options of {@link saveModel}. */
export interface SaveModelOptions {
  /** Name of the data set (manifest and report). */
  dataName: string;
  /** The training configuration, kept as `config.json` and in the manifest. Default `{}`. */
  config?: unknown;
  /** What evaluation measured (`metrics.json`). */
  metrics?: ModelMetrics;
  /** Training history (`history.json`). */
  history?: EpochRecord[];
  /**
   * Build the FAISS indexes the server would build at start (exact below `exactBelow` rows, an
   * inverted file above) and keep them in the directory. Default: `{ exactBelow: 100000 }`;
   * `false` builds none.
   */
  indexes?: { exactBelow: number } | false;
  /** Replace an existing directory (atomically). Default true. */
  overwrite?: boolean;
  /** Told about each index built. */
  log?: (line: string) => void;
  /** Shows each index build's progress (`progress.task`). Default: none. */
  progress?: Progress;
}

/** Training interactions per timestamp bucket (the report maps only buckets training reached). */
function bucketCounts(rec: Recommender, data: TrainingData): number[] {
  const rows = data.trainRows;
  const ids = rec.queryBatch(Array.from(rows, (r) => data.rowUserIds[r]!), Float64Array.from(rows, (r) => data.timestamps[r]!)).timestamp_bucket;
  const size = rec.models.twoTower.query.inputs.tables.get('timestamp_bucket')?.vocabularySize ?? 0;
  const counts = new Array<number>(size).fill(0);
  if (ids) for (const b of ids) counts[b] = (counts[b] ?? 0) + 1;
  return counts;
}

/**
 * Writes a trained recommender as a model directory, atomically: features, weights, catalogue,
 * users, the item embeddings and one query embedding per training interaction, `metrics.json`,
 * `history.json`, `config.json`, the prebuilt FAISS indexes, and the manifest with a checksum of
 * every file. The serving app and the report read it.
 */
export async function saveModel(out: string, rec: Recommender, data: TrainingData, options: SaveModelOptions): Promise<ModelManifest> {
  const rows = data.trainRows;
  const log = options.log ?? (() => {});
  const queryIds = Array.from(rows, (r) => data.rowUserIds[r]!);
  const queryVectors = rec.embedQueries(queryIds, Float64Array.from(rows, (r) => data.timestamps[r]!));
  const dim = rec.dim;
  const itemVectors = rec.embedItems();
  const built: { name: 'candidates' | 'queries'; entry: Omit<IndexEntry, 'file'>; index: VectorIndex }[] = [];
  const policy = options.indexes ?? { exactBelow: 100_000 };
  if (policy) {
    const sets: [('candidates' | 'queries'), ArrayLike<VectorId>, Float32Array][] = [
      ['candidates', rec.catalogue.ids, itemVectors],
      ['queries', Int32Array.from({ length: rows.length }, (_, i) => i), queryVectors],
    ];
    for (const [name, ids, vectors] of sets) {
      const choice = chooseIndex(ids.length, { exactBelow: policy.exactBelow });
      if (choice.kind !== 'faiss') continue;
      const t0 = performance.now();
      const label = `FAISS ${choice.factory} over the ${name === 'candidates' ? 'item' : 'query'} embeddings`;
      const index = buildChosenIndex(ids, vectors, dim, choice, options.progress ? { onProgress: options.progress.task(label) } : {});
      const seconds = (performance.now() - t0) / 1000;
      built.push({ name, entry: { ...choice, rows: ids.length, seconds: +seconds.toFixed(2) }, index });
      log(`prebuilt index of the ${name === 'candidates' ? 'item' : 'query'} embeddings: FAISS ${choice.factory} over ${ids.length.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s`);
    }
  }
  const config = options.config ?? {};
  return writeModelDirectory(
    out,
    {
      packages: packageVersions(),
      config,
      data: { name: options.dataName, fingerprint: fingerprint(data.log), interactions: data.log.length, users: data.numUsers, items: data.numItems },
      ...(options.metrics ? { metrics: options.metrics } : {}),
      model: { dim, items: data.numItems, queries: rows.length },
    },
    async (w) => {
      await rec.save(w, { queryEmbeddings: { ids: queryIds, vectors: queryVectors }, itemEmbeddings: itemVectors });
      if (options.metrics) w.json('metrics', options.metrics, { pretty: true });
      w.json('timestampBuckets', { counts: bucketCounts(rec, data) }, { pretty: true });
      w.json('history', options.history ?? [], { pretty: true });
      w.json('config', config, { pretty: true });
      for (const b of built) await w.index(b.name, b.entry, (path) => b.index.save(path));
    },
    { overwrite: options.overwrite ?? true },
  );
}
