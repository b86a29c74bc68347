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
 * excluded; per-user recall@10 / nDCG@10 at the popularity leans 0 and 0.06), as the trainer
 * measures the lean (`choosePopularityLean`). Prints one JSON object.
 * Usage: npx tsx bench/weight-average.ts --data DIR [--draw 43]
 */
import { restoreState } from '@twotower/towers';
import { choosePopularityLean, fitRetrieval, silentProgress, type TrainingCallback } from '@twotower/training';
import { retrievalFitOptions } from '../src/pipeline/fit-options';
import { proxyDraw } from './proxy-draw';

const LEANS = [0, 0.06];
const DECAYS = [0.9, 0.97, 0.99, 0.997];
const WINDOWS = [2, 3, 5, 8];
const EMA_FROM_EPOCH = 3;

type Flat = Float32Array[];

async function main() {
  const { draw, config, data, rec } = await proxyDraw();
  // every table (a shared one once) and dense variable of every member's towers
  const parts = rec.models.twoTower.stateParts();
  const names = [...parts.tables.map(([name]) => name), ...parts.variables.map(([name]) => name)];
  /** The live weights, copied, in the order of `names`. */
  const snapshot = (): Flat => [...parts.tables.map(([, t]) => Float32Array.from(t.weights)), ...parts.variables.map(([, v]) => Float32Array.from(v.dataSync() as Float32Array))];
  const shapes = [...parts.tables.map(([, t]) => [t.vocabularySize, t.dim]), ...parts.variables.map(([, v]) => v.shape)];
  const restore = (w: Flat) => restoreState(parts, new Map(names.map((name, i) => [name, { shape: shapes[i]!, data: w[i]! }])), false);
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

  const sets: [string, Flat][] = [['best epoch', best], ...DECAYS.flatMap((d, k) => (emaAtBest[k] ? [[`ema ${d}`, emaAtBest[k]!] as [string, Flat]] : [])), ...[...swaAtBest].map(([w, s]) => [`swa ${w}`, s] as [string, Flat])];
  const figures: Record<string, Record<string, [number, number]>> = {};
  let users = 0;
  for (const [name, weights] of sets) {
    await restore(weights);
    rec.averageUnknownRows();
    // each lean's per-user figures on the validation users, from the untimed query
    const lean = await choosePopularityLean(rec, data, { weights: LEANS });
    users = lean.users;
    figures[name] = Object.fromEntries(lean.choices.map((c) => [String(c.weight), [Number(c.recall.toFixed(4)), Number(c.ndcg.toFixed(4))]]));
  }
  console.log(JSON.stringify({ draw, bestEpoch: r.bestEpoch, epochsRun: r.epochsRun, seconds: Math.round(r.seconds), parameters: size, users, leans: LEANS, figures }));
  rec.dispose();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
