import { EMBEDDING_SETS, writeModelDirectory, type EpochRecord, type IndexEntry, type ModelManifest, type ModelMetrics, type SegmentsInfo } from '@twotower/artifact';
import { fingerprint } from '@twotower/data';
import { buildChosenIndex, chooseIndex, type VectorId, type VectorIndex } from '@twotower/index';
import type { Recommender } from '@twotower/recommender';
import type { Progress } from './progress';
import type { LearnedEmbeddingSet } from './embedding-sets/learned-set';
import type { TrainingData } from './training-data';

const PACKAGES = ['runtime', 'data', 'features', 'towers', 'losses', 'eval', 'embeddings', 'artifact', 'recommender', 'training'];

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
  /**
   * Named embedding sets to keep beside the two-tower's own (item2vec, DeepWalk, the `users`
   * set...): each under `embeddings/<name>.*`, with what it is in the manifest (no prebuilt
   * index: the server indexes them by cosine at load). A set named `candidates` or `queries`, or
   * the one the recommender keeps as its item-vector input (`spec.itemVectors`), is not written
   * again.
   */
  embeddingSets?: readonly LearnedEmbeddingSet[];
  /** Segmentations of embedding sets (`segmentEmbeddingSet`), written after the sets. */
  segments?: readonly { info: SegmentsInfo; assignments: Int32Array }[];
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
 * `history.json`, `config.json`, named embedding sets and their segments when given, the
 * prebuilt FAISS indexes, and the manifest with a checksum of every file. The serving app and the report read it.
 */
export async function saveModel(out: string, rec: Recommender, data: TrainingData, options: SaveModelOptions): Promise<ModelManifest> {
  const rows = data.trainRows;
  const log = options.log ?? (() => {});
  const queryIds = Array.from(rows, (r) => data.rowUserIds[r]!);
  const queryVectors = rec.embedQueries(queryIds, Float64Array.from(rows, (r) => data.timestamps[r]!));
  const dim = rec.dim;
  const itemVectors = rec.embedItems();
  const own = rec.spec.itemVectors?.name;
  const named = (options.embeddingSets ?? []).filter((s) => !EMBEDDING_SETS.includes(s.name) && s.name !== own);
  const built: { name: string; entry: Omit<IndexEntry, 'file'>; index: VectorIndex }[] = [];
  const policy = options.indexes ?? { exactBelow: 100_000 };
  if (policy) {
    const sets: [string, string, ArrayLike<VectorId>, Float32Array, number][] = [
      ['candidates', 'item embeddings', rec.catalogue.ids, itemVectors, dim],
      ['queries', 'query embeddings', Int32Array.from({ length: rows.length }, (_, i) => i), queryVectors, dim],
    ];
    for (const [name, what, ids, vectors, width] of sets) {
      const choice = chooseIndex(ids.length, { exactBelow: policy.exactBelow });
      if (choice.kind !== 'faiss') continue;
      const t0 = performance.now();
      const label = `FAISS ${choice.factory} over the ${what}`;
      const index = buildChosenIndex(ids, vectors, width, choice, options.progress ? { onProgress: options.progress.task(label) } : {});
      const seconds = (performance.now() - t0) / 1000;
      built.push({ name, entry: { ...choice, rows: ids.length, seconds: +seconds.toFixed(2) }, index });
      log(`prebuilt index of the ${what}: FAISS ${choice.factory} over ${ids.length.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s`);
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
      for (const s of named) w.embeddingSet(s.name, s.ids, s.vectors, s.dim, { of: s.of, method: s.method, options: s.options, seconds: +s.seconds.toFixed(2) });
      for (const seg of options.segments ?? []) w.segments(seg.info, seg.assignments);
      for (const b of built) await w.index(b.name, b.entry, (path) => b.index.save(path));
    },
    { overwrite: options.overwrite ?? true },
  );
}
