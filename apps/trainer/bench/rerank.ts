/**
 * Two-stage re-ranking measured on the VALIDATION split (never the test split): the validation
 * rows carved from the training rows are cut in two seeded halves. The towers train on the fit
 * rows (early stopping on half A), each engagement variant learns on half A against the towers'
 * candidates, and the two-stage evaluation reads half B (its liked rows as queries; each user's
 * fit and A items excluded) — the retrieval order, the re-ranked order and a popularity order of
 * the same candidates, with paired standard errors; and per user (`evaluateTwoStageUsers`: each
 * half-B user's top 100, re-ranked, top 10 against its half-B items).
 * `--item-item JSON` (e.g. '{}'): then also the item-item second stage (`fitItemItem` with those
 * options: its weight chosen on half A with EASE on the fit rows, EASE refitted on fit + A), per
 * query and per user on half B (per user at the options' `candidates`, default 100), beside
 * EASE per user on half B (fitted on fit + A); `--no-engagement` skips the engagement variants.
 * Usage: pnpm exec tsx bench/rerank.ts --data DIR [--variants FILE.json] [--base default] [--overrides JSON] [--item-item JSON] [--no-engagement]
 * The variants file maps a name to engagement options: { inputs?, layers?, epochs?, negatives?, pool?, learningRate? }.
 * Prints one JSON line per variant, then a summary object.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { permutation } from '@twotower/data';
import { buildUserItemCsr, runBaselines } from '@twotower/eval';
import { ready } from '@twotower/runtime';
import { createRecommender, evaluateTwoStages, evaluateTwoStageUsers, fitEngagement, fitItemItem, fitRetrieval, silentProgress, trainingData, type TrainingData } from '@twotower/training';
import { loadConfig } from '../src/config/load-config';
import { recommenderSpec } from '../src/pipeline/feature-specs';
import { loadData } from '../src/pipeline/load-data';
import { retrievalFitOptions } from '../src/pipeline/fit-options';

interface EngagementVariant {
  inputs?: 'retrieval' | 'features' | 'both';
  layers?: number[];
  epochs?: number;
  negatives?: number;
  pool?: number;
  learningRate?: number;
}

/** The data with validation half A as validation rows and half B as the test rows. */
function halves(data: TrainingData, seed: number): TrainingData {
  const v = data.validationRows;
  const perm = permutation(v.length, seed);
  const half = Math.floor(v.length / 2);
  const a = Int32Array.from(perm.subarray(0, half), (p) => v[p]!);
  const b = Int32Array.from(perm.subarray(half), (p) => v[p]!);
  const trainRows = new Int32Array(data.fitRows.length + a.length);
  trainRows.set(data.fitRows);
  trainRows.set(a, data.fitRows.length);
  const popularity = new Float32Array(data.numItems);
  for (const r of trainRows) popularity[data.log.items[r]!]! += 1;
  return { ...data, trainRows, validationRows: a, testRows: b, seenTrain: buildUserItemCsr(data.log.users, data.log.items, trainRows, data.numUsers, data.numItems), popularity };
}

async function main() {
  const { values } = parseArgs({ options: { data: { type: 'string' }, variants: { type: 'string' }, base: { type: 'string' }, overrides: { type: 'string' }, 'item-item': { type: 'string' }, 'no-engagement': { type: 'boolean' } } });
  await ready({ log: null });
  const variants: Record<string, EngagementVariant> = values.variants ? JSON.parse(readFileSync(values.variants, 'utf8')) : { default: {} };
  const config = loadConfig(values.base ?? 'default', values.overrides ? JSON.parse(values.overrides) : {});
  const R = config.ranking;
  const { dataset } = await loadData(values.data ?? '../../../shared/data/ml-100k', config.data);
  const data = halves(trainingData(dataset.interactions, config.split), config.split.seed + 7);
  const rec = createRecommender(dataset, data, recommenderSpec(config, dataset, data).spec);
  const fit = await fitRetrieval(rec, data, { ...retrievalFitOptions(config), runKey: 'rerank', progress: silentProgress });
  const results: unknown[] = [];
  for (const [name, v] of values['no-engagement'] ? [] : Object.entries(variants)) {
    const model = { layers: v.layers ?? R.engagementLayers, head: 'binary' as const, optimizer: { name: 'adam' as const, learningRate: v.learningRate ?? R.engagementLearningRate }, seed: R.seed + 1, inputs: v.inputs ?? R.engagementInputs };
    const engagement = await fitEngagement(rec, data, { model, pool: v.pool ?? R.negativePool, negatives: v.negatives ?? R.negatives, epochs: v.epochs ?? R.engagementEpochs, batchSize: R.batchSize, seed: R.seed });
    const stages = await evaluateTwoStages(rec, data, { candidates: R.candidates, likedThreshold: R.likedThreshold });
    const perUser = await evaluateTwoStageUsers(rec, data, { candidates: 100, k: 10 });
    const line = { name, variant: v, bestEpoch: fit.bestEpoch, positives: engagement.positives, halves: { a: data.validationRows.length, b: data.testRows.length }, twoStage: stages, perUser };
    console.log(JSON.stringify(line));
    results.push(line);
  }
  if (values['item-item']) {
    const options = JSON.parse(values['item-item']) as { candidates?: number };
    const itemItem = await fitItemItem(rec, data, options);
    const stages = await evaluateTwoStages(rec, data, { candidates: R.candidates, likedThreshold: R.likedThreshold });
    // per user at the N the weight was chosen with
    const perUser = await evaluateTwoStageUsers(rec, data, { candidates: options.candidates ?? 100, k: 10 });
    const baselines = await runBaselines({ interactions: data.log, train: data.trainRows, test: data.testRows, numUsers: data.numUsers, numItems: data.numItems, baselines: ['ease'], ks: [10] });
    const e = baselines.ease!.excludeSeen!;
    const ease = { recall: e['recall@10'], ndcg: e['ndcg@10'] };
    const line = { name: 'item-item', bestEpoch: fit.bestEpoch, itemItem, ease, halves: { a: data.validationRows.length, b: data.testRows.length }, twoStage: stages, perUser };
    console.log(JSON.stringify(line));
    results.push(line);
  }
  rec.dispose();
  console.log(JSON.stringify({ summary: results }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
