import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { train } from './train';
import { metricsTable } from '../pipeline/metrics-table';

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
  quiet?: boolean;
  print?: (l: string) => void;
}

/**
 * The README's main job: train the `default` config on MovieLens 100K, then `tfrs-reference`
 * (SPEC.md's model as TFRS trains it) beside it, and print one comparison table with the
 * popularity and EASE baselines.
 */
export async function demo(options: DemoOptions): Promise<void> {
  const print = options.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const data = resolve(options.data);
  if (!existsSync(data)) {
    throw new Error(`MovieLens 100K not found at ${data}: pass --data DIR (the extracted ml-100k directory)`);
  }
  const out = resolve(options.out);
  const refEpochs = options.referenceEpochs ?? 30;
  print('== 1/2: the default config ==');
  const best = await train({ data, out, config: 'default', quiet: options.quiet, print });
  print('');
  print(`== 2/2: tfrs-reference (SPEC.md's model trained as TFRS does; ${refEpochs} of its 300 epochs here — run \`pnpm train --config tfrs-reference\` for all) ==`);
  const ref = await train({ data, out: `${out}-tfrs-reference`, config: 'tfrs-reference', overrides: { training: { epochs: refEpochs } }, quiet: options.quiet, print });
  print('');
  print('== MovieLens 100K, seed protocol (seed 42, 80,000 train / 20,000 test) ==');
  print(
    metricsTable([
      ['two-tower default', best.evaluation.model],
      [`tfrs-reference (${refEpochs} ep)`, ref.evaluation.model],
      ['most popular', best.evaluation.baselines.popularity],
      ['EASE (lambda 500)', best.evaluation.baselines.ease],
    ]),
  );
  print(`\nwhole = every item ranked (TFRS's factorized top-K); excl = each user's training items excluded (serving protocol); recall/ndcg per user.`);
  print(`models: ${out} and ${out}-tfrs-reference`);
}
