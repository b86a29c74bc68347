import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { MANIFEST_FILE, openModelDirectory, type ModelMetrics } from '@twotower/artifact';
import { train } from './train';
import { metricsTable } from '../pipeline/metrics-table';
import { rankingTable, twoStagePerUserTableOf, twoStageTable, versusEaseLine } from '../pipeline/ranking-tables';
import { loadConfig } from '../config/load-config';
import { configDifferences } from '../config/config-diff';

/** Options of {@link demo}. */
export interface DemoOptions {
  /** MovieLens 100K directory. */
  data: string;
  /** Where the default model goes; the reference model goes to `<out>-tfrs-reference`. */
  out: string;
  /**
   * Epochs of the tfrs-reference run. The reference recipe trains 300 epochs; the demo caps it
   * (default 30) to stay within a few minutes, and says so.
   */
  referenceEpochs?: number;
  /** Train again even when the models exist (otherwise their stored metrics are shown). */
  retrain?: boolean;
  quiet?: boolean;
  print?: (l: string) => void;
}


/**
 * The metrics of a model directory that verifies and was trained with `config` (what the demo
 * would train now); undefined, with the reason printed, when it must be trained (again).
 */
function storedMetrics(dir: string, config: unknown, print: (l: string) => void): ModelMetrics | undefined {
  if (!existsSync(resolve(dir, MANIFEST_FILE))) return undefined;
  const model = openModelDirectory(dir);
  const differences = configDifferences(model.config(), config);
  if (differences.length > 0) {
    const shown = differences.slice(0, 6).join(', ') + (differences.length > 6 ? `, … (${differences.length} in all)` : '');
    print(`${dir} was trained with another configuration (differs in ${shown}): training it again`);
    return undefined;
  }
  return model.metrics();
}

/**
 * The README's main job: train the `default` config on MovieLens 100K, then `tfrs-reference`
 * (the TFRS MovieLens retrieval model, trained as TFRS trains it) beside it, and print one comparison table with the
 * popularity and EASE baselines, the ranking model and the two-stage evaluation. Models that
 * already exist, verify and were trained with the current configs are not trained again unless
 * `retrain` is set.
 */
export async function demo(options: DemoOptions): Promise<void> {
  const print = options.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const data = resolve(options.data);
  const out = resolve(options.out);
  const refOut = `${out}-tfrs-reference`;
  const refEpochs = options.referenceEpochs ?? 30;
  const refOverrides = { training: { epochs: refEpochs } };
  let best = options.retrain ? undefined : storedMetrics(out, loadConfig('default'), print);
  let ref = options.retrain ? undefined : storedMetrics(refOut, loadConfig('tfrs-reference', refOverrides), print);
  if ((!best || !ref) && !existsSync(data)) {
    throw new Error(`MovieLens 100K not found at ${data}: pass --data DIR (the extracted ml-100k directory)`);
  }
  if (best) {
    print(`== 1/2: ${out} exists (verified): showing its metrics; pass --retrain to train again ==`);
  } else {
    print('== 1/2: the default config ==');
    best = (await train({ data, out, config: 'default', quiet: options.quiet, print })).metrics;
  }
  print('');
  if (ref) {
    print(`== 2/2: ${refOut} exists (verified): showing its metrics ==`);
  } else {
    print(`== 2/2: tfrs-reference (the TFRS MovieLens model trained as TFRS does; ${refEpochs} of its 300 epochs here — run \`pnpm train --config tfrs-reference\` for all) ==`);
    ref = (await train({ data, out: refOut, config: 'tfrs-reference', overrides: refOverrides, quiet: options.quiet, report: false, print })).metrics;
  }
  print('');
  print(`== ${best.dataset.name}, seed protocol (seed ${best.split.seed}, ${best.split.train.toLocaleString('en-US')} train / ${best.split.test.toLocaleString('en-US')} test) ==`);
  print(
    metricsTable([
      ['two-tower default', best.retrieval],
      [`tfrs-reference (${ref.training.epochs} ep)`, ref.retrieval],
      ['most popular', best.baselines.popularity],
      ['EASE (lambda 500)', best.baselines.ease],
    ]),
  );
  print(`\nwhole = every item ranked (TFRS's factorized top-K); excl = each user's training items excluded (serving protocol); recall/ndcg per user.`);
  if (best.versusEase) print(versusEaseLine(best.versusEase));
  if (best.ranking) {
    print('');
    print(rankingTable(best.ranking));
    if (ref.ranking) print(`  tfrs-reference's ranking model (one binary model on the tower features): accuracy ${ref.ranking.binaryAccuracy.toFixed(4)}, AUC ${ref.ranking.auc.toFixed(4)}`);
  }
  if (best.twoStageByCandidates) {
    print('');
    print(twoStageTable(Object.values(best.twoStageByCandidates) as Parameters<typeof twoStageTable>[0]));
    const r = ref.twoStage;
    const ndcg = (m: Record<string, number | undefined>) => m['ndcg@10']?.toFixed(4) ?? '-';
    if (r) print(`  tfrs-reference at N = ${r.candidates}: nDCG@10 ${ndcg(r.retrieval)} in retrieval order, ${ndcg(r.reranked)} re-ranked, ${ndcg(r.popularityOrder)} in popularity order`);
  }
  if (best.twoStagePerUser) {
    print('');
    print(twoStagePerUserTableOf(best));
  }
  print(`\ntraining: ${best.training.epochs} epochs, ${best.training.seconds} s, ${best.training.examplesPerSecond.toLocaleString('en-US')} examples/s on ${best.training.backend}`);
  print(`models: ${out} and ${refOut}; report: ${resolve(out, 'report', 'index.html')}`);
}
