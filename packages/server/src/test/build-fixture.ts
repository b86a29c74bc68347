import { writeModelDirectory } from '@twotower/artifact';
import { syntheticDataset } from '@twotower/data';
import { movieLensCandidateSpecs, movieLensQuerySpecs, type FeatureSpec } from '@twotower/features';
import { Recommender, seenItemsFromRows } from '@twotower/recommender';
import { ready } from '@twotower/runtime';
import { writeNamedSets } from './named-sets-fixture';

/** Options of {@link buildFixtureArtifact}. */
export interface FixtureOptions {
  /** Seed of the tower weights. Default 0. */
  seed?: number;
  /** Synthetic data size. Defaults: 60 users, 40 items, 1,500 interactions. */
  users?: number;
  items?: number;
  interactions?: number;
  /** The query tower also reads each user's history (`RecommenderSpec.history`; `recent`: the last items before the query's time, with time dropout 0.5). Default: no history. */
  history?: { length: number; dim: number; recent?: boolean };
  /** Give the users a file of attributes (`age`, a number; `occupation`, a category) that the query tower reads. Default false. */
  userColumns?: boolean;
  /** Also write the named sets `item2vec` and `users` and the segmentations of `candidates`, `item2vec` and `users` (see `writeNamedSets`). Default false. */
  namedSets?: boolean;
}

/**
 * Writes a small model directory laid out as twotower-train writes one (recommender files, item
 * and query embeddings), from synthetic data, with untrained towers: the serving tests compare
 * the server with the towers themselves, so the weights need not be trained — and the fixture
 * does not depend on the trainer.
 */
export async function buildFixtureArtifact(dir: string, options: FixtureOptions = {}): Promise<void> {
  await ready({ log: null });
  const data = syntheticDataset({ numUsers: options.users ?? 60, numItems: options.items ?? 40, numInteractions: options.interactions ?? 1500, seed: 5 });
  const log = data.interactions;
  const nUsers = log.userIds.length;
  const nItems = log.itemIds.length;
  const rows = Int32Array.from({ length: log.length }, (_, r) => r).filter((r) => r % 5 !== 0); // 80% "training" rows
  const userIds = Array.from(rows, (r) => log.userIds[log.users[r]!]!);
  const timestamps = Float64Array.from(rows, (r) => log.timestamps[r]!);
  const lastTimestamp = new Float64Array(nUsers);
  const popularity = new Float32Array(nItems);
  for (const r of rows) {
    const u = log.users[r]!;
    lastTimestamp[u] = Math.max(lastTimestamp[u]!, log.timestamps[r]!);
    popularity[log.items[r]!]! += 1;
  }
  const seen = seenItemsFromRows(log.users, log.items, log.timestamps, rows, nUsers);
  const catalogue = {
    ids: [...log.itemIds],
    titles: log.itemIds.map((_, i) => data.items.titles[i]!),
    genres: log.itemIds.map((_, i) => data.items.genres[i]!.map((g) => data.items.genreNames[g]!)),
  };
  const occupations = ['writer', 'engineer', 'student'];
  const columns = options.userColumns
    ? [
        { name: 'age', kind: 'number' as const, values: log.userIds.map((_, u) => 18 + ((u * 7) % 50)) },
        { name: 'occupation', kind: 'category' as const, values: log.userIds.map((_, u) => occupations[u % occupations.length]!) },
      ]
    : undefined;
  const userSpecs: FeatureSpec[] = options.userColumns
    ? [
        { name: 'user_age', kind: 'numeric', source: 'user.age', normalize: true },
        { name: 'user_occupation', kind: 'categorical', source: 'user.occupation', embeddingDim: 8 },
      ]
    : [];
  const rec = Recommender.create(
    {
      query: [...movieLensQuerySpecs({ embeddingDim: 8, timestampBins: 50 }), ...userSpecs],
      candidate: movieLensCandidateSpecs({ embeddingDim: 8 }),
      model: { queryLayers: [16], candidateLayers: [16], seed: options.seed ?? 0 },
      ...(options.history ? { history: options.history } : {}),
      ...(options.history?.recent ? { timeDropout: 0.5 } : {}),
    },
    { users: userIds, timestamps },
    { catalogue, users: { ids: [...log.userIds], lastTimestamp, ...(columns ? { columns } : {}) }, seen, popularity },
  );
  try {
    const queryVectors = rec.embedQueries(userIds, timestamps);
    await writeModelDirectory(
      dir,
      {
        packages: {},
        config: { fixture: true, seed: options.seed ?? 0, ...(options.history ? { history: options.history } : {}) },
        data: { name: 'synthetic', fingerprint: `seed-5-${nUsers}-${nItems}-${log.length}` },
        model: { dim: rec.dim, items: nItems, queries: rows.length },
      },
      async (writer) => {
        await rec.save(writer, { queryEmbeddings: { ids: userIds, vectors: queryVectors } });
        if (options.namedSets) writeNamedSets(writer, catalogue.ids, log.userIds);
      },
      { overwrite: true },
    );
  } finally {
    rec.dispose();
  }
}
