/**
 * Cold-start evaluation (issue #13) of a config (default: the default config), through the
 * library's two protocols (@twotower/training):
 * - cold items: 10% of the items with interactions held out entirely (seeded), the model trained
 *   on the rest with the config's split, the held-out items embedded from their features
 *   (embedNewItems); each user with a held-out interaction ranks the held-out items, and the
 *   whole catalogue minus its training items; beside a random order (exact chance level) and the
 *   content-only baseline (genres + title TF-IDF cosine to the user's training items);
 * - cold users: 10% of the users held out (seeded), the model trained on the others; each is
 *   queried by an unknown id with its first 5 interactions (by time) as the history and ranks
 *   every item but those 5; beside the towers without the history (the OOV id alone), and
 *   popularity and EASE scored from the same 5 items, and the 100 most popular items re-ordered
 *   by EASE from them (the item-item stage's answer for such users, weight 0.5). A config without
 *   features.history (the default in sessions 16-19) has a query tower that cannot read the 5:
 *   its "model" row is then the OOV id alone; the default's recent history (session 20) reads
 *   them as the user's last items, asked at the latest training time; add `--overrides '{"features":{"history":{"length":50,"recent":false}}}'`
 *   to measure the tower that reads them. The config's popularity lean (`model.popularityLean`) is
 *   set on the trained towers as twotower-train sets it: the towers' rows of both protocols read it.
 * Usage: pnpm exec tsx bench/cold-start.ts --data DIR [--base default] [--items-fraction 0.1]
 *   [--users-fraction 0.1] [--given 5] [--seed 42] [--k 10] [--only items|users] [--overrides JSON]
 *   [--epochs N (a quick run)] [--item-vectors FILE.f32 [--item-vectors-name text] [--item-vectors-method M]]
 * --item-vectors: dense per-item vectors (e.g. text embeddings of the titles) the candidate tower
 *   reads (spec.itemVectors), float32 rows of one item each; their ids in FILE.ids.json beside it
 *   (a JSON array of item ids, one per row), else rows in the data set's item order. The width is
 *   the file's size over the number of ids. Every item's row is given by id, so a held-out item
 *   reads its own vector in embedNewItems. The validation figures of the best epoch are printed
 *   (training.validation: per-user recall/nDCG at 10 among them) to compare warm items too.
 * Prints one JSON object per protocol (setup, training, a table of recall/nDCG/hit rate at K
 * with standard errors over users), then a summary object with both.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Dataset } from '@twotower/data';
import { ready } from '@twotower/runtime';
import {
  choosePopularityLean,
  createRecommender,
  fitRetrieval,
  runColdItemProtocol,
  runColdUserProtocol,
  silentProgress,
  type ColdStartTrain,
  type RankingFigures,
  type TrainingData,
} from '@twotower/training';
import { loadConfig } from '../src/config/load-config';
import { recommenderSpec } from '../src/pipeline/feature-specs';
import { loadData } from '../src/pipeline/load-data';
import { leanChoice, retrievalFitOptions } from '../src/pipeline/fit-options';

const round = (x: number) => Number(x.toFixed(4));

/** One table row: a scorer's figures at K, each mean with its standard error over users. */
function row(scorer: string, f: RankingFigures | string, k: number): Record<string, unknown> {
  if (typeof f === 'string') return { scorer, note: f };
  return {
    scorer,
    users: f.users,
    [`recall@${k}`]: round(f.recall),
    [`nDCG@${k}`]: round(f.ndcg),
    [`hitRate@${k}`]: round(f.hitRate),
    se: { recall: round(f.se.recall), nDCG: round(f.se.ndcg), hitRate: round(f.se.hitRate) },
  };
}

/** Item vectors from a float32 file and its ids (`FILE.ids.json` beside it, else the data set's item order). */
function readItemVectors(file: string, dataIds: readonly string[]): { ids: string[]; vectors: Float32Array; dim: number } {
  const buf = readFileSync(file);
  const vectors = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const idsFile = file.replace(/\.f32$/, '') + '.ids.json';
  const ids: string[] = existsSync(idsFile) ? JSON.parse(readFileSync(idsFile, 'utf8')) : [...dataIds];
  const dim = vectors.length / ids.length;
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`--item-vectors ${file}: ${vectors.length} floats is not a whole number of rows for ${ids.length} ids${existsSync(idsFile) ? ` (${idsFile})` : ' (the data set\'s items)'}`);
  return { ids, vectors, dim };
}

async function main() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      base: { type: 'string' },
      'items-fraction': { type: 'string' },
      'users-fraction': { type: 'string' },
      given: { type: 'string' },
      seed: { type: 'string' },
      k: { type: 'string' },
      only: { type: 'string' },
      epochs: { type: 'string' },
      overrides: { type: 'string' },
      'item-vectors': { type: 'string' },
      'item-vectors-name': { type: 'string' },
      'item-vectors-method': { type: 'string' },
    },
  });
  await ready({ log: null });
  // --overrides '{"training":{"userDropout":0.5}}' is merged into the config (a variant); --epochs N caps the epochs (a quick run)
  const overrides: Record<string, unknown> = values.overrides ? JSON.parse(values.overrides) : {};
  if (values.epochs) overrides.training = { ...(overrides.training as object | undefined), epochs: Number(values.epochs) };
  const config = loadConfig(values.base ?? 'default', overrides);
  const { dataset } = await loadData(values.data ?? '../../../shared/data/ml-100k', config.data);
  const seed = Number(values.seed ?? 42);
  const k = Number(values.k ?? 10);
  const itemVectors = values['item-vectors'] ? readItemVectors(values['item-vectors'], dataset.interactions.itemIds) : undefined;
  const vectorsInfo = itemVectors ? { file: values['item-vectors'], rows: itemVectors.ids.length, dim: itemVectors.dim, ofDataItems: itemVectors.ids.filter((id) => dataset.interactions.itemIds.includes(id)).length } : undefined;
  let training: Record<string, unknown> = {};
  // the config's recommender, trained as the sweep trains it (early stopping on the validation rows carved from the
  // training rows; user and item id dropout when the config sets them)
  const train: ColdStartTrain = async (ds: Dataset, data: TrainingData) => {
    const { spec, skipped } = recommenderSpec(config, ds, data);
    if (itemVectors) spec.itemVectors = { name: values['item-vectors-name'] ?? 'text', dim: itemVectors.dim, method: values['item-vectors-method'] ?? 'external' };
    const rec = createRecommender(ds, data, spec, itemVectors ? { itemVectors } : {});
    const r = await fitRetrieval(rec, data, {
      ...retrievalFitOptions(config),
      runKey: ds.name,
      progress: silentProgress,
    });
    const best = r.history.find((h) => h.epoch === r.bestEpoch);
    const validation = best?.validation ? Object.fromEntries(Object.entries(best.validation).map(([key, v]) => [key, round(v)])) : undefined;
    // the config's popularity lean, as twotower-train sets it (the towers' answers to strangers read it)
    const lean = await choosePopularityLean(rec, data, leanChoice(config.model.popularityLean));
    rec.models.setPopularityLean(lean.weight);
    training = { data: ds.name, bestEpoch: r.bestEpoch, epochs: r.epochsRun, seconds: Math.round(r.seconds), validationTop100: best?.validation?.top100, validation, popularityLean: lean.weight, skipped, ...(vectorsInfo ? { itemVectors: vectorsInfo } : {}) };
    return rec;
  };
  const results: Record<string, unknown> = {};
  if (values.only !== 'users') {
    const t0 = performance.now();
    const rep = await runColdItemProtocol(dataset, train, { fraction: Number(values['items-fraction'] ?? 0.1), seed, split: config.split, k });
    const line = {
      protocol: 'cold items',
      config: values.base ?? 'default',
      ...(values.overrides ? { overrides: JSON.parse(values.overrides) } : {}),
      heldOut: rep.heldOut,
      training: { ...rep.training, ...training },
      k: rep.k,
      heldOutOnly: {
        candidates: rep.heldOutOnly.candidates,
        table: [row('model', rep.heldOutOnly.model, k), row('content', rep.heldOutOnly.content, k), row('random', rep.heldOutOnly.random, k), row('popularity', rep.heldOutOnly.popularity, k)],
      },
      wholeCatalogue: {
        candidates: rep.wholeCatalogue.candidates,
        table: [row('model', rep.wholeCatalogue.model, k), row('content', rep.wholeCatalogue.content, k), row('random', rep.wholeCatalogue.random, k), row('popularity', rep.wholeCatalogue.popularity, k)],
        heldOutShareOfTopK: Object.fromEntries(Object.entries(rep.wholeCatalogue.heldOutShareOfTopK).map(([key, v]) => [key, round(v)])),
      },
      seconds: Math.round((performance.now() - t0) / 1000),
    };
    console.log(JSON.stringify(line));
    results.coldItems = line;
  }
  if (values.only !== 'items') {
    const t0 = performance.now();
    const rep = await runColdUserProtocol(dataset, train, { fraction: Number(values['users-fraction'] ?? 0.1), given: Number(values.given ?? 5), seed, split: config.split, k, easeLambda: config.evaluation.easeLambda });
    const line = {
      protocol: 'cold users',
      config: values.base ?? 'default',
      ...(values.overrides ? { overrides: JSON.parse(values.overrides) } : {}),
      given: rep.given,
      heldOut: rep.heldOut,
      training: { ...rep.training, ...training },
      k: rep.k,
      candidates: rep.candidates,
      table: [row('model', rep.model, k), row('model, no history (OOV id alone)', rep.modelWithoutHistory, k), row('popularity', rep.popularity, k), row(`EASE (lambda ${config.evaluation.easeLambda})`, rep.ease, k), row(`the ${rep.popularityItemItem.candidates} most popular re-ordered by EASE from the given items (weight ${rep.popularityItemItem.weight})`, rep.popularityItemItem, k), row('random', rep.random, k)],
      seconds: Math.round((performance.now() - t0) / 1000),
    };
    console.log(JSON.stringify(line));
    results.coldUsers = line;
  }
  console.log(JSON.stringify({ summary: results }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
