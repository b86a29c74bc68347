import type { Discretization, DiscretizationJSON } from '@twotower/features';
import type { EmbeddingTable } from '@twotower/towers';
import { timeInputNames } from './no-time';
import type { Recommender } from './recommender';

/** The time as a recommender's query tower reads it, one row per fine timestamp bucket. */
export interface TimeEmbeddings {
  /** The fine buckets (of `timestamp_bucket`) the rows describe. */
  buckets: number[];
  /** `[buckets]` each bucket's centre, in days since the first bucket's start. */
  days: number[];
  /** `[buckets × dim]` the bucket's own embedding beside, at each coarser resolution (`timestamp_bucket_<bins>`), the embedding of the coarse bucket containing its centre. */
  vectors: Float32Array;
  dim: number;
  /** Fine buckets, their width in seconds and the first bucket's start (epoch seconds). */
  bins: number;
  width: number;
  start: number;
  /** The coarser resolutions read, by number of buckets. */
  resolutions: number[];
}

/**
 * The query tower's embedding of time, bucket by bucket: the fine timestamp buckets' rows and,
 * for a tower with coarser resolutions, those of the coarse buckets containing each fine one —
 * what the MLP reads of a time (with several members, each member's side by side; a member that
 * never reads a time, `RecommenderSpec.memberTimeDropout` 1, is left out). Undefined when the
 * tower reads no timestamp buckets.
 * @param keep which fine buckets to include (e.g. those the training rows reached); default all
 */
export function timeEmbeddings(rec: Recommender, keep: (bucket: number) => boolean = () => true): TimeEmbeddings | undefined {
  const timeless = new Set(rec.timelessMembers);
  const members = rec.models.twoTower.members.filter((_, k) => !timeless.has(k)).map((p) => p.query.inputs.tables);
  const fine = members[0]?.get('timestamp_bucket');
  const pre = rec.queryFeatures.names.includes('timestamp_bucket') ? rec.queryFeatures.preprocessor('timestamp_bucket') : null;
  const disc = pre?.toJSON() as DiscretizationJSON | undefined;
  if (!fine || !disc || disc.type !== 'Discretization' || disc.min === null || disc.max === null) return undefined;
  const buckets: number[] = [];
  for (let b = 0; b < Math.min(fine.vocabularySize, disc.bins); b++) if (keep(b)) buckets.push(b);
  const width = (disc.max - disc.min) / disc.bins;
  const centres = buckets.map((b) => disc.min! + (b + 0.5) * width);
  // each input read, with the row of every fine bucket's centre: the fine buckets, then each coarser resolution
  const inputs = [{ name: 'timestamp_bucket', ids: Int32Array.from(buckets) }];
  for (const name of rec.queryFeatures.names.filter((n) => /^timestamp_bucket_\d+$/.test(n))) {
    const coarse = rec.queryFeatures.preprocessor(name);
    if (members[0]!.has(name) && coarse?.toJSON().type === 'Discretization') inputs.push({ name, ids: (coarse as Discretization).transform(centres) });
  }
  const resolutions = inputs.slice(1).map((x) => Number(x.name.slice('timestamp_bucket_'.length)));
  const parts = members.flatMap((tables) => inputs.map(({ name, ids }) => ({ table: tables.get(name)!, ids })));
  const dim = parts.reduce((a, p) => a + p.table.dim, 0);
  const vectors = new Float32Array(buckets.length * dim);
  buckets.forEach((_, i) => {
    let o = i * dim;
    for (const p of parts) {
      const id = p.ids[i]!;
      vectors.set(p.table.weights.subarray(id * p.table.dim, (id + 1) * p.table.dim), o);
      o += p.table.dim;
    }
  });
  return { buckets, days: buckets.map((b) => ((b + 0.5) * width) / 86400), vectors, dim, bins: disc.bins, width, start: disc.min, resolutions };
}

/** A query-tower table of timestamp buckets: rows `[0, buckets)` in time order (a "no time" row, if any, after them). */
export interface TimeBucketTable {
  /** The input's name (`timestamp_bucket`, `timestamp_bucket_<bins>`). */
  name: string;
  table: EmbeddingTable;
  /** Buckets, in time order from row 0. */
  buckets: number;
}

/**
 * The query tower's timestamp-bucket tables (every embedded time input of equal-width buckets, of
 * every member that reads a time); empty when it reads none.
 */
export function timeBucketTables(rec: Recommender): TimeBucketTable[] {
  const bucketed = timeInputNames(rec.queryFeatures).flatMap((name) => {
    const disc = rec.queryFeatures.preprocessor(name)?.toJSON() as DiscretizationJSON | undefined;
    return disc?.type === 'Discretization' ? [{ name, bins: disc.bins }] : [];
  });
  const timeless = new Set(rec.timelessMembers);
  return rec.models.twoTower.members.flatMap(({ query }, k) =>
    timeless.has(k) ? [] : bucketed.flatMap(({ name, bins }) => {
      const table = query.inputs.tables.get(name);
      return table ? [{ name, table, buckets: Math.min(bins, table.vocabularySize) }] : [];
    }),
  );
}
