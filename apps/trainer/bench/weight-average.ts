/**
 * Averaged weights against the best epoch's, on one validation draw of the proxy split
 * (`PROXY_SPLIT`; the test split is not read): the default trains as `bench/sweep.ts` trains it,
 * and while it trains this bench keeps
 *
 * - `ema d`: an exponential moving average of every weight (embedding tables and dense
 *   variables), updated after each step with decay d, started at the first step of epoch 3 from
 *   the weights then, and taken as it stood at the best epoch's end;
 * - `swa w`: the mean of the weights at the ends of the last w epochs up to the best one.
 *
 * Each set of weights then ranks every validation user from the untimed query (fit items
 * excluded; per-user recall@10 / nDCG@10, popularity leans 0 and 0.06), as
 * `bench/user-list-probes.ts` ranks `untimed`. Prints one JSON object.
 * Usage: npx tsx bench/weight-average.ts --data DIR [--draw 43]
 */
import { parseArgs } from 'node:util';
import { ready, tf } from '@twotower/runtime';
import { buildUserItemCsr } from '@twotower/eval';
import { PopularityLean } from '@twotower/recommender';
import { createRecommender, fitRetrieval, perUserRanking, silentProgress, trainingData, withItemScorer, type TrainingCallback } from '@twotower/training';
import { loadConfig } from '../src/config/load-config';
import { recommenderSpec } from '../src/pipeline/feature-specs';
import { loadData } from '../src/pipeline/load-data';
import { retrievalFitOptions } from '../src/pipeline/fit-options';
import { PROXY_SPLIT } from '../src/pipeline/validation-draws';

const LEANS = [0, 0.06];
const DECAYS = [0.9, 0.97, 0.99, 0.997];
const WINDOWS = [2, 3, 5, 8];
const EMA_FROM_EPOCH = 3;

type Flat = Float32Array[];

async function main() {
  const { values } = parseArgs({ options: { data: { type: 'string' }, draw: { type: 'string' } } });
  await ready({ log: null });
  const draw = Number(values.draw ?? 43);
  if (!Number.isInteger(draw) || draw < 0) throw new Error(`--draw: give a validation seed (an integer >= 0), got ${JSON.stringify(values.draw)}`);
  const config = loadConfig('default', { split: { ...PROXY_SPLIT, validationSeed: draw } });
  const { dataset } = await loadData(values.data ?? '../../../shared/data/ml-100k', config.data);
  const data = trainingData(dataset.interactions, config.split);
  const rec = createRecommender(dataset, data, recommenderSpec(config, dataset, data).spec);
  const model = rec.models.twoTower;
  const towers = model.members.flatMap((p) => [p.query, p.candidate]);
  // every table once (a shared one under its owner), every dense variable
  const tables = towers.flatMap((t) => [...t.inputs.tables].filter(([name]) => !t.inputs.borrowed.has(name)).map(([, table]) => table));
  const variables = towers.flatMap((t) => t.mlp.variables);
  /** The live weights, copied. */
  const snapshot = (): Flat => [...tables.map((t) => Float32Array.from(t.weights)), ...variables.map((v) => Float32Array.from(v.dataSync() as Float32Array))];
  const restore = (w: Flat) => {
    tables.forEach((t, i) => t.weights.set(w[i]!));
    variables.forEach((v, i) => {
      const x = tf.tensor(w[tables.length + i]!, v.shape);
      v.assign(x);
      x.dispose();
    });
  };
  const size = snapshot().reduce((a, x) => a + x.length, 0);

  const ema: Flat[] = [];
  const emaAtBest: Flat[] = [];
  const ring: Flat[] = [];
  const swaAtBest = new Map<number, Flat>();
  const mean = (sets: Flat[]): Flat => sets[0]!.map((_, i) => Float32Array.from(sets[0]![i]!, (_, j) => sets.reduce((a, s) => a + s[i]![j]!, 0) / sets.length));
  let epochNow = 0;
  const averaging: TrainingCallback = {
    onEpochBegin(epoch) {
      epochNow = epoch;
    },
    onStepEnd() {
      if (epochNow < EMA_FROM_EPOCH) return;
      const now = snapshot();
      DECAYS.forEach((d, k) => {
        if (!ema[k]) {
          ema[k] = now.map((a) => Float32Array.from(a));
          return;
        }
        ema[k]!.forEach((a, i) => {
          const b = now[i]!;
          for (let j = 0; j < a.length; j++) a[j] = d * a[j]! + (1 - d) * b[j]!;
        });
      });
    },
    onEpochEnd(logs) {
      ring.push(snapshot());
      if (ring.length > Math.max(...WINDOWS)) ring.shift();
      if (!logs.improved) return;
      DECAYS.forEach((_, k) => {
        if (ema[k]) emaAtBest[k] = ema[k]!.map((a) => Float32Array.from(a));
      });
      for (const w of WINDOWS) if (ring.length >= w) swaAtBest.set(w, mean(ring.slice(-w)));
    },
  };
  const r = await fitRetrieval(rec, data, { ...retrievalFitOptions(config), runKey: `weight-average@${draw}`, progress: silentProgress, callbacks: [averaging] });
  const best = snapshot();

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
  const sets: [string, Flat][] = [['best epoch', best], ...DECAYS.flatMap((d, k) => (emaAtBest[k] ? [[`ema ${d}`, emaAtBest[k]!] as [string, Flat]] : [])), ...[...swaAtBest].map(([w, s]) => [`swa ${w}`, s] as [string, Flat])];
  const figures: Record<string, Record<string, [number, number]>> = {};
  for (const [name, weights] of sets) {
    restore(weights);
    rec.averageUnknownRows();
    const q = rec.embedQueries(ids, undefined, data.seenFit);
    figures[name] = {};
    await withItemScorer(rec, (scorer) => {
      const scores = new Float32Array(users.length * n);
      scorer.score(q, users.length, scores);
      for (const w of LEANS) {
        const bias = w > 0 ? new PopularityLean(w, data.fitPopularity).bias : undefined;
        const score = (b: number, o: Float32Array) => {
          o.set(scores.subarray(b * n, (b + 1) * n));
          if (bias) for (let j = 0; j < n; j++) o[j] = o[j]! + bias[j]!;
        };
        const f = perUserRanking({ ...input, score }, { k: 10 });
        figures[name]![String(w)] = [Number(f.recall.toFixed(4)), Number(f.ndcg.toFixed(4))];
      }
    });
  }
  console.log(JSON.stringify({ draw, bestEpoch: r.bestEpoch, epochsRun: r.epochsRun, seconds: Math.round(r.seconds), parameters: size, users: users.length, leans: LEANS, figures }));
  rec.dispose();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
