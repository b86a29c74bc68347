/**
 * What the probes of a user's list share: one validation draw of the proxy split (`PROXY_SPLIT`;
 * the test split is never read) with the default's recommender built and not yet trained
 * (`bench/user-list-probes.ts`, `bench/weight-average.ts`), and the per-user figures of scores of
 * the probes' own queries (`leanFigures`, for `user-list-probes.ts`; the recommender's own untimed
 * queries are measured by `choosePopularityLean`).
 */
import { parseArgs } from 'node:util';
import type { Dataset } from '@twotower/data';
import { ready } from '@twotower/runtime';
import { buildUserItemCsr } from '@twotower/eval';
import { PopularityLean, type Recommender } from '@twotower/recommender';
import { createRecommender, perUserRanking, trainingData, type TrainingData } from '@twotower/training';
import { loadConfig } from '../src/config/load-config';
import type { TrainConfig } from '../src/config/schema';
import { recommenderSpec } from '../src/pipeline/feature-specs';
import { loadData } from '../src/pipeline/load-data';
import { PROXY_SPLIT } from '../src/pipeline/validation-draws';

/** A draw of the proxy split, from the command line's `--data DIR [--draw SEED]`. */
export interface ProxyDraw {
  draw: number;
  config: TrainConfig;
  /** The data set the draw is taken from (to build another recommender on the same rows). */
  dataset: Dataset;
  data: TrainingData;
  /** The default's recommender, untrained. */
  rec: Recommender;
  /** The validation users (indices), those with a validation row. */
  users: Int32Array;
  /** Their ids, as the query tower takes them. */
  ids: string[];
  /** What `perUserRanking` needs beside a score function: each user's validation items, and its fit items to exclude. */
  input: { numCandidates: number; relevant: Int32Array[]; exclude: Int32Array[] };
  /** The bench's own flags that were given (see {@link proxyDraw}). */
  flags: Record<string, string>;
}

/**
 * Reads `--data` and `--draw` (default 43), loads ML-100K's proxy draw and builds the default's recommender.
 * @param flags the bench's own string flags beside those two, returned in `flags` (absent ones left out)
 */
export async function proxyDraw(flags: readonly string[] = []): Promise<ProxyDraw> {
  const own = Object.fromEntries(flags.map((f) => [f, { type: 'string' as const }]));
  const { values } = parseArgs({ options: { ...own, data: { type: 'string' }, draw: { type: 'string' } } });
  await ready({ log: null });
  const draw = Number(values.draw ?? 43);
  if (!Number.isInteger(draw) || draw < 0) throw new Error(`--draw: give a validation seed (an integer >= 0), got ${JSON.stringify(values.draw)}`);
  const config = loadConfig('default', { split: { ...PROXY_SPLIT, validationSeed: draw } });
  const { dataset } = await loadData(values.data ?? '../../../shared/data/ml-100k', config.data);
  const data = trainingData(dataset.interactions, config.split);
  const rec = createRecommender(dataset, data, recommenderSpec(config, dataset, data).spec);
  const n = data.numItems;
  const relevant = buildUserItemCsr(data.log.users, data.log.items, data.validationRows, data.numUsers, n);
  const { offsets, items: fit } = data.seenFit;
  const users = Int32Array.from({ length: data.numUsers }, (_, u) => u).filter((u) => relevant.offsets[u + 1]! > relevant.offsets[u]!);
  const ids = Array.from(users, (u) => data.log.userIds[u]!);
  const input = {
    numCandidates: n,
    relevant: Array.from(users, (u) => relevant.items.subarray(relevant.offsets[u]!, relevant.offsets[u + 1]!)),
    exclude: Array.from(users, (u) => fit.subarray(offsets[u]!, offsets[u + 1]!)),
  };
  const all = values as Record<string, string | undefined>;
  const given = Object.fromEntries(flags.flatMap((f) => (all[f] === undefined ? [] : [[f, all[f]]])));
  return { draw, config, dataset, data, rec, users, ids, input, flags: given };
}

/**
 * Per-user recall@10 / nDCG@10 (4 decimals) of each popularity lean added to the users' scores.
 * @param scores `[users × numItems]` each validation user's scores of every item
 * @param extra `[numItems]` per-item scores added too (none when left out)
 * @returns `{ [lean]: [recall@10, nDCG@10] }`
 */
export function leanFigures(p: ProxyDraw, scores: Float32Array, leans: readonly number[], extra?: Float32Array): Record<string, [number, number]> {
  const n = p.data.numItems;
  const out: Record<string, [number, number]> = {};
  for (const w of leans) {
    const lean = w > 0 ? new PopularityLean(w, p.data.fitPopularity) : undefined;
    const score = (b: number, o: Float32Array) => {
      o.set(scores.subarray(b * n, (b + 1) * n));
      lean?.addTo(o, 1);
      if (extra) for (let j = 0; j < n; j++) o[j] = o[j]! + extra[j]!;
    };
    const f = perUserRanking({ ...p.input, score }, { k: 10 });
    out[String(w)] = [Number(f.recall.toFixed(4)), Number(f.ndcg.toFixed(4))];
  }
  return out;
}
