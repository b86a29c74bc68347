import { popularityLeanText } from '../pipeline/popularity-lean-text';
import { historySummary } from '../pipeline/inspect-report';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ModelMetrics, RankingMetrics } from '@twotower/artifact';
import { describe as describeLog, fingerprint, formatReports } from '@twotower/data';
import type { TwoStageResult } from '@twotower/eval';
import { rankingInputParts, type RankingOptions } from '@twotower/recommender';
import { ready } from '@twotower/runtime';
import {
  createProgress,
  catalogueOf,
  createRecommender,
  evaluateRanking,
  evaluateRecommender,
  evaluateTwoStages,
  evaluateTwoStageUsers,
  fitEngagement,
  fitRanking,
  choosePopularityLean,
  fitRetrieval,
  modelMetrics,
  saveModel,
  trainingData,
  refitData,
  type FitRetrievalResult,
  type RecommenderEvaluation,
} from '@twotower/training';
import { ConfigError, loadConfig } from '../config/load-config';
import { untunedFieldsNote } from '../config/untuned-fields';
import type { TrainConfig } from '../config/schema';
import { planLines } from '../pipeline/describe-plan';
import { recommenderSpec } from '../pipeline/feature-specs';
import { loadData } from '../pipeline/load-data';
import { leanChoice, retrievalFitOptions } from '../pipeline/fit-options';
import { metricsTable } from '../pipeline/metrics-table';
import { rankingTable, twoStagePerUserTableOf, twoStageTable, versusEaseLine } from '../pipeline/ranking-tables';
import { report } from './report';
import { embeddingSets, embeddingSetsTable } from '../pipeline/embedding-sets';
import { textEmbeddingSet } from '../pipeline/text-set';
import { trainItemItem } from '../pipeline/item-item-stage';

/** Options of {@link train}. */
export interface TrainOptions {
  /** Data set directory or interactions file. */
  data: string;
  /** Artifact directory to write. */
  out: string;
  /** Preset name (`default`, `tfrs-reference`) or config file. Default `default`. */
  config?: string;
  /** Config fields overridden by flags (nested objects). */
  overrides?: Record<string, unknown>;
  /** Continue from the last per-epoch checkpoint of an interrupted run. */
  resume?: boolean;
  /** Stop after this many epochs of this invocation, keeping the checkpoint (for testing resume). */
  maxEpochsThisRun?: number;
  /** No progress output. */
  quiet?: boolean;
  /** Write `<out>/report` after training. Default true. */
  report?: boolean;
  /** Where messages go. Default stdout. */
  print?: (line: string) => void;
}

/** What {@link train} produced. */
export interface TrainResult {
  config: TrainConfig;
  metrics: ModelMetrics;
  ranking?: RankingMetrics;
  twoStage?: TwoStageResult[];
  fit: FitRetrievalResult;
  evaluation: RecommenderEvaluation;
  out: string;
  /** False when the run stopped early on purpose (maxEpochsThisRun) without writing the model. */
  written: boolean;
}

/** The ranking members the config asks for: its binary models, then its regression models, from consecutive seeds. */
function rankingMembers(R: TrainConfig['ranking']): RankingOptions[] {
  const heads = [...Array<'binary'>(R.ensemble.binary).fill('binary'), ...Array<'regression'>(R.ensemble.regression).fill('regression')];
  return heads.map((head, i) => ({
    layers: R.layers,
    cross: R.crossLayers > 0 ? { layers: R.crossLayers, lowRank: R.crossLowRank || undefined } : undefined,
    head,
    inputDropout: R.inputDropout,
    optimizer: { name: R.optimizer, learningRate: R.learningRate, weightDecay: R.weightDecay },
    seed: R.seed + i,
    inputs: R.inputs,
    ...(R.features && rankingInputParts(R.inputs).features ? { features: R.features } : {}),
  }));
}

/** The input column a feature of this name reads when it is not worth saying (MovieLens's features, the ids). */
function sourceOf(name: string): string {
  return ({ user_id: 'user', timestamp_bucket: 'timestamp', timestamp: 'timestamp', title_id: 'item', title_text: 'title', genres: 'genres' } as Record<string, string>)[name] ?? '';
}

/** The `train` command: data → split → features → training → evaluation → model directory. */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const print = options.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const config = loadConfig(options.config, options.overrides);
  const info = await ready();
  const dataPath = resolve(config.data.dir ?? options.data);
  const out = resolve(options.out);
  print(`twotower-train: config "${config.name}", data ${dataPath}, backend ${info.backend}`);
  const untuned = untunedFieldsNote(options.config, config, options.overrides);
  if (untuned) print(untuned);
  const { dataset, plan } = await loadData(dataPath, config.data);
  if (plan) for (const line of planLines(plan)) print(line);
  const s = describeLog(dataset.interactions);
  print(`data ${dataset.name}: ${s.rows.toLocaleString('en-US')} interactions, ${s.users} users, ${s.items} items${dataset.reports.some((r) => r.bad > 0 || r.notes.length > 0) ? `\n${formatReports(dataset.reports)}` : ''}`);
  let data = trainingData(dataset.interactions, { ...config.split, ...(config.training.weighting ? { weighting: config.training.weighting } : {}) });
  // the item text's embedding, when the candidate tower reads it (then it is also the `text` set)
  const text = config.features.itemText ? await textEmbeddingSet(catalogueOf(dataset)) : undefined;
  const { spec, skipped } = recommenderSpec(config, dataset, data, text && { name: text.name, dim: text.dim, method: text.method });
  const rec = createRecommender(dataset, data, spec, text ? { itemVectors: text.vectors } : {});
  const R = config.ranking;
  // the ranking models learn P(liked) and the rating from rated rows: a log of clicks has none
  const rankingSkipped = R.enabled && !data.hasRatings ? 'the log has no ratings (the ranking models learn P(liked) and the rating from rated rows)' : undefined;
  if (R.enabled && !rankingSkipped && R.features && rankingInputParts(R.inputs).features) {
    // a misspelt feature fails now, not after the retrieval training
    try {
      rec.rankingFeatureInputs(R.features);
    } catch (e) {
      throw new ConfigError(`ranking.features: ${(e as Error).message.replace(/^ranking option features: /, '')}; name some of those, or null for all`);
    }
  }
  print(`split (seed ${config.split.seed}): ${data.trainRows.length} train (${data.fitRows.length} fit + ${data.validationRows.length} validation), ${data.testRows.length} test`);
  print(rec.queryFeatures.describe().concat(rec.candidateFeatures.describe()).map((d) => `  feature ${d.name}${d.source === sourceOf(d.name) ? '' : ` (${d.source})`}: ${d.summary}`).join('\n'));
  if (rec.spec.history) print(`  history: ${historySummary(rec.spec.history)}`);
  for (const line of skipped) print(`  not a feature: ${line}`);

  const key = (c: TrainConfig) => createHash('sha256').update(JSON.stringify(c)).update(fingerprint(dataset.interactions)).digest('hex');
  const checkpointDir = `${out}.checkpoint`;
  const progress = createProgress(options.quiet);
  const t = config.training;
  const retrieval = (c: TrainConfig) => ({ ...retrievalFitOptions(c), runKey: key(c), resume: options.resume ?? false, progress });
  let fit = await fitRetrieval(rec, data, { ...retrieval(config), checkpointDir, maxEpochsThisRun: options.maxEpochsThisRun });
  if (options.maxEpochsThisRun !== undefined && fit.epochsRun < t.epochs && !fit.stoppedEarly) {
    print(`stopped after epoch ${fit.epochsRun} as asked; continue with --resume`);
    rec.dispose();
    return { config, metrics: undefined as never, fit, evaluation: undefined as never, out, written: false };
  }
  let engagement: RankingMetrics['engagement'];
  // trained on interactions the retrieval model has not learned from (validation rows), against
  // the items it retrieves for the same users: what re-ranking faces at test time
  const trainEngagement = async () => {
    if (data.validationRows.length === 0) {
      print('engagement model skipped: it learns from held-out interactions (set split.validationFraction > 0); re-ranking uses the ranking model alone');
      return undefined;
    }
    print(`engagement model: ${data.validationRows.length} held-out interactions vs ${R.negatives} of each user's top ${R.negativePool} retrieved items, ${R.engagementEpochs} epochs`);
    const model = { layers: R.engagementLayers, head: 'binary' as const, optimizer: { name: 'adam' as const, learningRate: R.engagementLearningRate }, seed: R.seed + 1, inputs: R.engagementInputs };
    return fitEngagement(rec, data, { model, pool: R.negativePool, negatives: R.negatives, epochs: R.engagementEpochs, batchSize: R.batchSize, seed: R.seed, progress });
  };
  const withEngagement = R.enabled && R.engagement;
  const refit = t.refit && data.validationRows.length > 0;
  // with a refit that keeps rows out (refitHoldOut), the engagement model learns on them against
  // the refit towers; otherwise against the towers before any refit
  const engagementAfterRefit = withEngagement && refit && t.refitHoldOut > 0;
  // chosen on the validation rows while the towers have not learned them (before a refit); the
  // towers' own lists read it from here on (the cold-history choice, the per-user evaluation),
  // the two-stage list's candidates and the engagement model's pool do not
  const popularityLean = await choosePopularityLean(rec, data, leanChoice(config.model.popularityLean));
  rec.models.setPopularityLean(popularityLean.weight);
  print(popularityLeanText(popularityLean));
  if (withEngagement && !engagementAfterRefit) engagement = await trainEngagement();
  // chosen on the validation rows while the towers have not learned them (before a refit)
  const itemItem = await trainItemItem(config, rec, data, print);
  if (refit) {
    // the validation split chose the epochs; now learn from the training rows for that long
    const refitConfig: TrainConfig = { ...config, split: { ...config.split, validationFraction: 0 }, training: { ...t, epochs: fit.bestEpoch, patience: 0, refit: false } };
    data = refitData(data, engagementAfterRefit ? t.refitHoldOut : 0, config.split.seed);
    print(`refit: training fresh towers on ${data.fitRows.length} of the ${data.trainRows.length} training rows${data.validationRows.length ? ` (${data.validationRows.length} validation rows kept out for the engagement model)` : ''} for the ${fit.bestEpoch} epochs validation chose`);
    rec.models.resetTwoTower();
    // exactly that many epochs: the kept-out rows are the engagement model's, not a validation that picks an epoch
    const refitted = await fitRetrieval(rec, { ...data, validationRows: new Int32Array(0) }, { ...retrieval(refitConfig), checkpointDir: `${checkpointDir}-refit` });
    rmSync(`${checkpointDir}-refit`, { recursive: true, force: true });
    fit = { ...refitted, history: [...fit.history, ...refitted.history.map((h) => ({ ...h, refit: true }))], bestEpoch: fit.bestEpoch, seconds: fit.seconds + refitted.seconds, resumedFrom: fit.resumedFrom };
    if (engagementAfterRefit) engagement = await trainEngagement();
  }
  let ranking: RankingMetrics | undefined;
  if (rankingSkipped) {
    print(`ranking models skipped: ${rankingSkipped}; ${engagement ? 're-ranking uses the engagement model' : 'no re-ranking'}`);
  } else if (R.enabled) {
    const models = R.ensemble.binary + R.ensemble.regression === 1 ? `one ${R.ensemble.binary ? 'binary' : 'regression'} model` : `${R.ensemble.binary} binary + ${R.ensemble.regression} regression models`;
    print(`ranking: ${models}, layers [${R.layers.join(', ')}]${R.crossLayers ? `, ${R.crossLayers} cross layer(s)` : ''}, inputs ${R.inputs}${R.features ? ` (features ${R.features.join(', ')})` : ''}, ${R.epochs} epochs each`);
    const members = rankingMembers(R);
    const ensemble = { ratingSlope: R.ensemble.ratingSlope };
    const trained = await fitRanking(rec, data, { members, ensemble, likedThreshold: R.likedThreshold, priorStrength: R.priorStrength, epochs: R.epochs, batchSize: R.batchSize, progress });
    const figures = evaluateRanking(rec, data, { likedThreshold: R.likedThreshold, inputs: R.inputs, ensemble, seeds: members.map((m) => m.seed!) });
    ranking = { ...figures, epochs: R.epochs, seconds: trained.seconds, examplesPerSecond: trained.examplesPerSecond, ...(engagement ? { engagement } : {}) };
  }
  print(`evaluating on ${data.testRows.length} test interactions (model, then baselines: ${config.evaluation.baselines.join(', ') || 'none'})`);
  const evaluation = await evaluateRecommender(rec, data, { ks: config.evaluation.ks, baselines: config.evaluation.baselines, easeLambda: config.evaluation.easeLambda, onEaseProgress: progress.task(`EASE on ${data.numItems.toLocaleString('en-US')} items`) });
  const twoStage = rec.rerankKind ? await evaluateTwoStages(rec, data, { candidates: R.candidates, likedThreshold: R.likedThreshold }) : [];
  const twoStagePerUser = rec.rerankKind ? await evaluateTwoStageUsers(rec, data, { candidates: Math.max(...R.candidates), k: 10 }) : undefined;
  const metrics: ModelMetrics = {
    ...modelMetrics({ config: config.name, dataset: dataset.name, splitSeed: config.split.seed, data, fit, evaluation, backend: info.backend, ranking, twoStage, ...(twoStagePerUser ? { twoStagePerUser } : {}) }),
    ...(rankingSkipped ? { rankingSkipped } : {}),
    ...(!ranking && engagement ? { engagement } : {}),
    ...(itemItem ? { itemItem } : {}),
    popularityLean,
  };
  const sets = await embeddingSets(config, rec, data, { progress, print, ...(text ? { text } : {}) });
  if (sets.comparison) metrics.embeddingSets = sets.comparison;
  await saveModel(out, rec, data, { dataName: dataset.name, config, metrics, history: fit.history, indexes: config.indexes.prebuild && { exactBelow: config.indexes.exactBelow }, log: print, progress, embeddingSets: sets.sets, segments: sets.segments });
  rmSync(checkpointDir, { recursive: true, force: true });
  let reportFile: string | undefined;
  let trust = new Map<string, number>();
  if (options.report ?? true) {
    print('writing the report (t-SNE maps of days, users and every item set)');
    reportFile = (await report({ model: out, progress, onMaps: (maps) => (trust = new Map(maps.map((m) => [m.name, m.trust]))) }))[0];
  }
  print('');
  print(
    metricsTable([
      [`two-tower (${config.name})`, evaluation.model],
      ['most popular', evaluation.baselines.popularity],
      [`EASE (lambda ${config.evaluation.easeLambda})`, evaluation.baselines.ease],
    ]),
  );
  if (evaluation.versusEase) print(versusEaseLine(evaluation.versusEase));
  if (sets.comparison) {
    print('');
    print(embeddingSetsTable(sets.comparison.map((r) => ({ ...r, ...(trust.has(r.name) ? { trustworthiness: trust.get(r.name) } : {}) }))));
  }
  if (ranking) {
    print('');
    print(rankingTable(ranking));
  }
  if (twoStage.length > 0) {
    print('');
    print(twoStageTable(twoStage, { implicit: !data.hasRatings }));
  }
  if (twoStagePerUser) {
    print('');
    print(twoStagePerUserTableOf(metrics));
  }
  print('');
  print(`training: ${fit.epochsRun} epochs (best ${fit.bestEpoch}), ${fit.seconds.toFixed(1)} s, ${Math.round(fit.examplesPerSecond).toLocaleString('en-US')} examples/s on ${info.backend}`);
  print(`model written to ${out} (metrics.json, manifest.json)${reportFile ? `; report: ${reportFile}` : ''}`);
  rec.dispose();
  return { config, metrics, fit, evaluation, out, written: true, ranking, twoStage };
}
