import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, PRESETS } from './config/load-config';
import { train } from './commands/train';
import { demo } from './commands/demo';
import { report } from './commands/report';

const HELP = `twotower-train — train a two-tower recommender, evaluate it against baselines, write a model

Usage:
  twotower-train [train] --data DIR --out DIR [--config NAME|FILE] [options]
  twotower-train demo [--data DIR] [--out DIR] [--retrain] [--reference-epochs N]
  twotower-train report --model DIR [--out DIR]
  twotower-train --help

Commands:
  train   read data -> split -> fit features -> train -> evaluate (with popularity and EASE
          beside the model) -> write the model directory (manifest, weights, embeddings,
          metrics.json). The default command.
  report  write the report of a trained model: <model>/report/index.html (interactive, one
          file) and a PNG + SVG of every figure: day-embedding map, items by genre, users by
          age group and occupation, training curves, metric tables, similar films.
          Training writes it automatically (unless --no-report).
  demo    the README's main job: train the "default" config on MovieLens 100K and the
          "tfrs-reference" config beside it (30 of its 300 epochs unless --reference-epochs),
          and print both with the baselines; a model already trained with the current
          config is shown, not retrained, unless --retrain.

Options of train:
  --data DIR          MovieLens directory (100K, 1M, 20M/25M/latest) or interactions .csv/.jsonl
  --out DIR           model directory to write (replaced atomically when it exists)
  --config NAME|FILE  shipped preset (${PRESETS.join(', ')}; default: default) or a JSON config file
                      ({"extends": "default", ...} starts it from a preset and changes what it names)
  --epochs N          training epochs (overrides the config)
  --batch-size N      examples per batch
  --learning-rate X   optimiser learning rate
  --optimizer NAME    adagrad | adam | sgd
  --layers A,B        MLP layer sizes of both towers, e.g. 64,32
  --temperature X     softmax temperature
  --logq X            weight of the logQ correction (0 = off)
  --seed N            split seed (the seed protocol uses 42)
  --resume            continue an interrupted run from its last per-epoch checkpoint (<out>.checkpoint)
  --backend NAME      tensorflow | wasm | cpu (default: the fastest available; or TWOTOWER_BACKEND)
  --quiet             no progress bar
  --no-report         do not write <out>/report after training
  -h, --help          this help

Examples:
  twotower-train --data ../shared/data/ml-100k --out models/ml-100k
  twotower-train --config tfrs-reference --data ../shared/data/ml-100k --out models/tfrs --epochs 30
`;

const OPTIONS = {
  data: { type: 'string' },
  out: { type: 'string' },
  config: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  'learning-rate': { type: 'string' },
  optimizer: { type: 'string' },
  layers: { type: 'string' },
  temperature: { type: 'string' },
  logq: { type: 'string' },
  seed: { type: 'string' },
  resume: { type: 'boolean' },
  backend: { type: 'string' },
  quiet: { type: 'boolean' },
  'reference-epochs': { type: 'string' },
  retrain: { type: 'boolean' },
  model: { type: 'string' },
  'no-report': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

/** A command-line mistake: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

function num(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${flag} must be a number, got "${v}"`);
  return n;
}

/** Flags that override config fields, as a nested partial config. */
export function overridesFromFlags(v: Record<string, string | boolean | undefined>): Record<string, unknown> {
  const o: Record<string, Record<string, unknown>> = {};
  const set = (section: string, key: string, value: unknown) => {
    if (value === undefined) return;
    (o[section] ??= {})[key] = value;
  };
  set('training', 'epochs', num('epochs', v.epochs as string | undefined));
  set('training', 'batchSize', num('batch-size', v['batch-size'] as string | undefined));
  set('training', 'learningRate', num('learning-rate', v['learning-rate'] as string | undefined));
  set('training', 'optimizer', v.optimizer);
  set('loss', 'temperature', num('temperature', v.temperature as string | undefined));
  set('loss', 'logQCorrection', num('logq', v.logq as string | undefined));
  set('split', 'seed', num('seed', v.seed as string | undefined));
  if (typeof v.layers === 'string') {
    const layers = v.layers.split(',').map((x) => num('layers', x)!);
    set('model', 'queryLayers', layers);
    set('model', 'candidateLayers', layers);
  }
  return o;
}

/** Runs the CLI; returns the process exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], print: (l: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const err = (l: string) => process.stderr.write(`${l}\n`);
  try {
    const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : 'train';
    const rest = argv[0] && !argv[0].startsWith('-') ? argv.slice(1) : argv;
    if (!['train', 'demo', 'report', 'help'].includes(command)) throw new UsageError(`unknown command "${command}": use train, report or demo`);
    const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help || command === 'help') {
      print(HELP);
      return 0;
    }
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (values.backend) process.env.TWOTOWER_BACKEND = values.backend;
    if (command === 'report') {
      if (!values.model) throw new UsageError('--model DIR is required (a model directory written by twotower-train)');
      const files = await report({ model: values.model, out: values.out, print: (l) => process.stderr.write(`${l}\n`) });
      print(`report written: ${files[0]} (${files.length - 1} figure files beside it)`);
      return 0;
    }
    if (command === 'demo') {
      await demo({
        data: values.data ?? process.env.TWOTOWER_DATA ?? '../shared/data/ml-100k',
        out: values.out ?? 'models/ml-100k',
        referenceEpochs: num('reference-epochs', values['reference-epochs']),
        retrain: values.retrain,
        quiet: values.quiet,
        print,
      });
      return 0;
    }
    if (!values.data && !values.config) throw new UsageError('--data DIR is required (a MovieLens directory or an interactions file)');
    if (!values.out) throw new UsageError('--out DIR is required (where to write the model)');
    await train({
      data: values.data ?? '',
      out: values.out,
      config: values.config,
      overrides: overridesFromFlags(values),
      resume: values.resume,
      quiet: values.quiet,
      report: !values['no-report'],
      print,
    });
    return 0;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`twotower-train: ${(e as Error).message}\nRun "twotower-train --help" for usage.`);
      return 2;
    }
    if (e instanceof ConfigError) {
      err(`twotower-train: ${e.message}`);
      return 2;
    }
    err(`twotower-train: ${(e as Error).message}`);
    if (process.env.TWOTOWER_DEBUG) err((e as Error).stack ?? '');
    return 1;
  }
}
