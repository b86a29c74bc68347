import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { ready } from '@twotower/runtime';
import { describe as describeLog, fingerprint, formatReports } from '@twotower/data';
import { loadConfig } from '../config/load-config';
import type { TrainConfig } from '../config/schema';
import { loadData } from '../pipeline/load-data';
import { prepare, forRefit } from '../pipeline/prepare';
import { fit, type FitResult } from '../pipeline/fit';
import { evaluate, type Evaluation } from '../pipeline/evaluate';
import { metricsTable } from '../pipeline/metrics-table';
import { metricsJson } from '../pipeline/metrics-json';
import { writeModel } from '../pipeline/write-model';
import { report } from './report';
import { createProgress } from '../pipeline/progress';
import { checkRankingFeatures, fitRanking, type RankingMetrics } from '../pipeline/fit-ranking';
import { evaluateTwoStages } from '../pipeline/two-stage';
import { fitEngagement, type EngagementResult } from '../pipeline/fit-engagement';
import { rankingTable, twoStageTable } from '../pipeline/ranking-tables';
import type { TwoStageResult } from '@twotower/eval';

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
  metrics: ReturnType<typeof metricsJson>;
  ranking?: RankingMetrics;
  twoStage?: TwoStageResult[];
  fit: FitResult;
  evaluation: Evaluation;
  out: string;
  /** Undefined when the run stopped early on purpose (maxEpochsThisRun) without writing the model. */
  written: boolean;
}

/** The `train` command: data → split → features → training → evaluation → artifact. */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const print = options.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const config = loadConfig(options.config, options.overrides);
  const info = await ready();
  const dataPath = resolve(config.data.dir ?? options.data);
  const out = resolve(options.out);
  print(`twotower-train: config "${config.name}", data ${dataPath}, backend ${info.backend}`);
  const dataset = await loadData(dataPath, config.data.columns);
  const s = describeLog(dataset.interactions);
  print(`data ${dataset.name}: ${s.rows.toLocaleString('en-US')} interactions, ${s.users} users, ${s.items} items${dataset.reports.some((r) => r.bad > 0) ? `\n${formatReports(dataset.reports)}` : ''}`);
  let p = prepare(dataset, config);
  checkRankingFeatures(p, config);
  print(`split (seed ${config.split.seed}): ${p.trainRows.length} train (${p.fitRows.length} fit + ${p.validationRows.length} validation), ${p.testRows.length} test`);
  print(p.recommender.queryFeatures.describe().concat(p.recommender.candidateFeatures.describe()).map((d) => `  feature ${d.name}: ${d.summary}`).join('\n'));

  const key = (c: TrainConfig) => createHash('sha256').update(JSON.stringify(c)).update(fingerprint(dataset.interactions)).digest('hex');
  const checkpointDir = `${out}.checkpoint`;
  const progress = createProgress(options.quiet);
  let fitResult = await fit(p, config, { checkpointDir, resume: options.resume ?? false, runKey: key(config), progress, maxEpochsThisRun: options.maxEpochsThisRun });
  progress.stop();
  if (options.maxEpochsThisRun !== undefined && fitResult.epochsRun < config.training.epochs && !fitResult.stoppedEarly) {
    print(`stopped after epoch ${fitResult.epochsRun} as asked; continue with --resume`);
    return { config, metrics: undefined as never, fit: fitResult, evaluation: undefined as never, out, written: false };
  }
  let ranking: RankingMetrics | undefined;
  let twoStage: TwoStageResult[] = [];
  let engagement: EngagementResult | undefined;
  if (config.ranking.enabled && config.ranking.engagement && p.validationRows.length === 0) {
    print('engagement model skipped: it learns from held-out interactions (set split.validationFraction > 0); re-ranking uses the ranking model alone');
  } else if (config.ranking.enabled && config.ranking.engagement) {
    // trained on interactions the retrieval model has not learned from (the validation rows),
    // against the items it retrieves for the same users: what re-ranking faces at test time
    print(`engagement model: held-out interactions vs ${config.ranking.negatives} of each user's top ${config.ranking.negativePool} retrieved items, ${config.ranking.engagementEpochs} epochs`);
    engagement = fitEngagement(p, config, progress);
    progress.stop();
  }
  if (config.training.refit && p.validationRows.length > 0) {
    // the validation split chose the epochs; now learn from every training row for that long
    const refitConfig: TrainConfig = {
      ...config,
      split: { ...config.split, validationFraction: 0 },
      training: { ...config.training, epochs: fitResult.bestEpoch, patience: 0, refit: false },
    };
    print(`refit: training fresh towers on all ${p.trainRows.length} training rows for the ${fitResult.bestEpoch} epochs validation chose`);
    p = forRefit(p);
    const refit = await fit(p, refitConfig, { checkpointDir: `${checkpointDir}-refit`, resume: options.resume ?? false, runKey: key(refitConfig), progress });
    progress.stop();
    rmSync(`${checkpointDir}-refit`, { recursive: true, force: true });
    fitResult = { ...refit, history: [...fitResult.history, ...refit.history.map((h) => ({ ...h, refit: true }))], bestEpoch: fitResult.bestEpoch, seconds: fitResult.seconds + refit.seconds };
  }
  if (config.ranking.enabled) {
    const R = config.ranking;
    const models = R.ensemble.binary + R.ensemble.regression === 1 ? `one ${R.ensemble.binary ? 'binary' : 'regression'} model` : `${R.ensemble.binary} binary + ${R.ensemble.regression} regression models`;
    print(`ranking: ${models}, layers [${R.layers.join(', ')}]${R.crossLayers ? `, ${R.crossLayers} cross layer(s)` : ''}, inputs ${R.inputs}${R.features ? ` (features ${R.features.join(', ')})` : ''}, ${R.epochs} epochs each`);
    ranking = fitRanking(p, config, progress).metrics;
    progress.stop();
    if (engagement) ranking.engagement = engagement;
  }
  print(`evaluating on ${p.testRows.length} test interactions (model, then baselines: ${config.evaluation.baselines.join(', ') || 'none'})`);
  const evaluation = await evaluate(p, config);
  if (config.ranking.enabled) twoStage = await evaluateTwoStages(p, config);
  const metrics = metricsJson(p, config, fitResult, evaluation, info.backend, ranking, twoStage);
  await writeModel(out, p, config, fitResult, metrics, print);
  rmSync(checkpointDir, { recursive: true, force: true });
  let reportFile: string | undefined;
  if (options.report ?? true) {
    print('writing the report (t-SNE maps of days, items and users)');
    reportFile = (await report({ model: out }))[0];
  }
  print('');
  print(
    metricsTable([
      [`two-tower (${config.name})`, evaluation.model],
      ['most popular', evaluation.baselines.popularity],
      [`EASE (lambda ${config.evaluation.easeLambda})`, evaluation.baselines.ease],
    ]),
  );
  if (ranking) {
    print('');
    print(rankingTable(ranking));
    print('');
    print(twoStageTable(twoStage));
  }
  print('');
  print(`training: ${fitResult.epochsRun} epochs (best ${fitResult.bestEpoch}), ${fitResult.seconds.toFixed(1)} s, ${Math.round(fitResult.examplesPerSecond).toLocaleString('en-US')} examples/s on ${info.backend}`);
  print(`model written to ${out} (metrics.json, manifest.json)${reportFile ? `; report: ${reportFile}` : ''}`);
  p.recommender.dispose();
  return { config, metrics, fit: fitResult, evaluation, out, written: true, ranking, twoStage };
}
