import { Command, CommanderError, Option } from 'commander';
import { ConfigError, PRESETS } from './config/load-config';
import { train } from './commands/train';
import { demo } from './commands/demo';
import { report } from './commands/report';
import { inspect } from './commands/inspect';
import { publish } from './commands/publish';
import { indexFromFlags, checkDatabaseUrl } from './commands/publish-flags';
import { createProgress } from '@twotower/training';

/** A command-line mistake: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

function num(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${flag} must be a number, got "${v}"`);
  return n;
}

/**
 * Flags that override config fields, as a nested partial config. Keys are the flags' names
 * without dashes (`epochs`, `batch-size`, `learning-rate`, ...).
 */
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
  set('model', 'members', num('members', v.members as string | undefined));
  if (typeof v.layers === 'string') {
    const layers = v.layers.split(',').map((x) => num('layers', x)!);
    set('model', 'queryLayers', layers);
    set('model', 'candidateLayers', layers);
  }
  const columns = columnsFromFlags(v);
  if (Object.keys(columns).length > 0) set('data', 'columns', columns);
  set('data', 'items', v.items);
  set('data', 'users', v.users);
  set('data', 'delimiter', typeof v.delimiter === 'string' ? delimiterOf(v.delimiter) : undefined);
  set('data', 'timestampFormat', v['time-format']);
  return o;
}

/** Flag names of the column roles, and the role names `--columns` accepts for each. */
const ROLE_FLAGS = [
  ['user', 'user-col', ['user']],
  ['item', 'item-col', ['item']],
  ['timestamp', 'time-col', ['timestamp', 'time']],
  ['rating', 'rating-col', ['rating']],
  ['weight', 'weight-col', ['weight']],
] as const;

/** The columns named by `--columns user=customer,item=product,...` and the `--*-col` flags (which win). */
function columnsFromFlags(v: Record<string, string | boolean | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof v.columns === 'string') {
    for (const pair of v.columns.split(',').filter((x) => x.trim().length > 0)) {
      const eq = pair.indexOf('=');
      const key = pair.slice(0, eq).trim();
      const column = pair.slice(eq + 1).trim();
      const role = ROLE_FLAGS.find((r) => (r[2] as readonly string[]).includes(key));
      if (eq === -1 || !role || column.length === 0) {
        throw new UsageError(`--columns takes role=column pairs separated by commas (roles: user, item, time, rating, weight), e.g. user=customer,item=product; got "${pair}"`);
      }
      out[role[0]] = column;
    }
  }
  for (const [role, flag] of ROLE_FLAGS) {
    const c = v[flag];
    if (typeof c === 'string') out[role] = c;
  }
  return out;
}

/** A delimiter flag's value: one character, or `tab` / `\t`. */
function delimiterOf(d: string): string {
  if (d === 'tab' || d === '\\t') return '\t';
  if (d.length !== 1) throw new UsageError(`--delimiter must be one character or "tab", got "${d}"`);
  return d;
}

/** The flags that say how to read an interactions file (train and inspect). */
function addDataFlags(cmd: Command): Command {
  return cmd
    .option('--user-col <name>', 'the column of user ids (default: found by name: user, user_id, customer, visitor, ...)')
    .option('--item-col <name>', 'the column of item ids (default: found by name: item, item_id, product, sku, movie_id, ...)')
    .option('--time-col <name>', 'the timestamp column (default: found by name: timestamp, ts, time, date, event_time, ...; none: no time features)')
    .option('--rating-col <name>', 'the rating column (default: found by name: rating, score, stars; none: implicit feedback, the rating models are skipped)')
    .option('--weight-col <name>', 'a count or dwell-time column weighing each example (training.weighting: log(1 + w) by default); never guessed')
    .option('--columns <role=col,...>', 'the roles in one flag: user=customer,item=product,time=ts,rating=stars,weight=plays')
    .option('--items <file>', 'an item catalogue (.csv/.tsv/.jsonl): id, title or name, categories, any attributes; its columns become candidate features')
    .option('--users <file>', 'a user file (.csv/.tsv/.jsonl): id and attributes; its columns become query features')
    .option('--delimiter <char>', 'field separator of the delimited files (default: sniffed: , tab ; |)')
    .addOption(new Option('--time-format <format>', 'how timestamps are written (default auto: detected per column and said)').choices(['auto', 'seconds', 'milliseconds', 'iso']));
}

/** The values of a command's options keyed by flag name (`batch-size`, not `batchSize`). */
function flagValues(cmd: Command): Record<string, string | boolean | undefined> {
  const opts = cmd.opts<Record<string, string | boolean | undefined>>();
  const out: Record<string, string | boolean | undefined> = {};
  for (const o of cmd.options) {
    if (o.long) out[o.long.replace(/^--(no-)?/, '')] = opts[o.attributeName()];
  }
  return out;
}

const backendOption = () =>
  new Option('--backend <name>', 'tfjs backend (default: the fastest available, or TWOTOWER_BACKEND)').choices([
    'tensorflow',
    'wasm',
    'cpu',
  ]);

const TRAIN_EXAMPLES = `
Examples:
  twotower-train --data ../shared/data/ml-100k --out models/ml-100k
  twotower-train --config tfrs-reference --data ../shared/data/ml-100k --out models/tfrs --epochs 30
  twotower-train --data events.csv --out models/shop              # a log: user, item (and time, rating) columns found by name
  twotower-train --data events.csv --columns user=customer,item=product,time=ts --items products.csv --users customers.csv --out models/shop
  twotower-train inspect --data events.csv --items products.csv   # what would be read and trained, without training`;

/** The command tree; `print` receives results and help, `err` messages and mistakes. */
function program(print: (l: string) => void, err: (l: string) => void): Command {
  const root = new Command('twotower-train')
    .description('Train a two-tower recommender, evaluate it against baselines, write a model.')
    .usage('[command] [options]')
    .addHelpText('after', `\nWithout a command, train runs. "twotower-train <command> --help" lists a command's options.\n${TRAIN_EXAMPLES}`)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => print(s.replace(/\n$/, '')),
      writeErr: (s) => err(s.replace(/\n$/, '')),
      // commander's "error: ..." becomes "twotower-train: ..." like the other mistakes
      outputError: (s, write) => write(`twotower-train: ${s.replace(/^error: /, '')}`),
    });

  const trainCommand = root
    .command('train', { isDefault: true })
    .summary('train a model, evaluate it beside the baselines, write it (the default command)')
    .description(
      'read data -> split -> fit features -> train -> evaluate (with popularity and EASE beside the model) -> write the model directory (manifest, weights, embeddings, metrics.json). The default command.',
    )
    .option('--data <dir|file>', 'MovieLens directory (100K, 1M, 20M/25M/latest) or interactions .csv/.tsv/.jsonl (only user and item columns are needed)')
    .option('--out <dir>', 'model directory to write (replaced atomically when it exists)')
    .option(
      '--config <name|file>',
      `shipped preset (${PRESETS.join(', ')}; default: default) or a JSON config file ({"extends": "default", ...} starts it from a preset and changes what it names)`,
    );
  addDataFlags(trainCommand)
    .option('--epochs <n>', 'training epochs (overrides the config)')
    .option('--batch-size <n>', 'examples per batch')
    .option('--learning-rate <x>', 'optimiser learning rate')
    .option('--optimizer <name>', 'adagrad | adam | sgd')
    .option('--layers <a,b>', 'MLP layer sizes of both towers, e.g. 64,32')
    .option('--members <n>', 'pairs of towers trained side by side, an ensemble (default config: 2; 1 trains the retrieval model in about half the time)')
    .option('--temperature <x>', 'softmax temperature')
    .option('--logq <x>', 'weight of the logQ correction (0 = off)')
    .option('--seed <n>', 'split seed (the seed protocol uses 42)')
    .option('--resume', 'continue an interrupted run from its last per-epoch checkpoint (<out>.checkpoint)')
    .addOption(backendOption())
    .option('--quiet', 'no progress bar')
    .option('--no-report', 'do not write <out>/report after training')
    .addHelpText('after', TRAIN_EXAMPLES)
    .action(async (_opts, cmd: Command) => {
      const v = flagValues(cmd);
      if (typeof v.backend === 'string') process.env.TWOTOWER_BACKEND = v.backend;
      if (!v.data && !v.config) throw new UsageError('--data DIR is required (a MovieLens directory or an interactions file)');
      if (!v.out) throw new UsageError('--out DIR is required (where to write the model)');
      await train({
        data: (v.data as string | undefined) ?? '',
        out: v.out as string,
        config: v.config as string | undefined,
        overrides: overridesFromFlags(v),
        resume: v.resume === true,
        quiet: v.quiet === true,
        report: v.report !== false,
        print,
      });
    });

  root
    .command('demo')
    .summary('train the default and tfrs-reference configs on MovieLens 100K and compare them')
    .description(
      'the README\'s main job: train the "default" config on MovieLens 100K and the "tfrs-reference" config beside it (30 of its 300 epochs unless --reference-epochs), and print both with the baselines; a model already trained with the current config is shown, not retrained, unless --retrain.',
    )
    .option('--data <dir>', 'MovieLens 100K directory (default: $TWOTOWER_DATA or ../shared/data/ml-100k)')
    .option('--out <dir>', 'where the default model goes; the reference model goes to <out>-tfrs-reference', 'models/ml-100k')
    .option('--retrain', 'train again even when the models exist')
    .option('--reference-epochs <n>', 'epochs of the tfrs-reference run (default: 30 of its 300)')
    .addOption(backendOption())
    .option('--quiet', 'no progress bar')
    .action(async (_opts, cmd: Command) => {
      const v = flagValues(cmd);
      if (typeof v.backend === 'string') process.env.TWOTOWER_BACKEND = v.backend;
      await demo({
        data: (v.data as string | undefined) ?? process.env.TWOTOWER_DATA ?? '../shared/data/ml-100k',
        out: v.out as string,
        referenceEpochs: num('reference-epochs', v['reference-epochs'] as string | undefined),
        retrain: v.retrain === true,
        quiet: v.quiet === true,
        print,
      });
    });

  const inspectCommand = root
    .command('inspect')
    .summary('say what would be read and trained, without training')
    .description(
      'read the data as train would and say what it found: how each file is read (format, delimiter, the column of each role and how it was found, the timestamp format), rows kept and bad rows by reason with file:line, users, items, density, time span, interactions per user and per item (quantiles), the catalogue and user columns with their kinds, the features each tower would get, the ranking models, and the config file that reproduces it. Nothing is trained or written.',
    )
    .option('--data <dir|file>', 'MovieLens directory or interactions .csv/.tsv/.jsonl')
    .option('--config <name|file>', `preset (${PRESETS.join(', ')}; default: default) or a JSON config file`);
  addDataFlags(inspectCommand)
    .addHelpText('after', '\nExample:\n  twotower-train inspect --data events.csv --items products.csv --users customers.csv')
    .action(async (_opts, cmd: Command) => {
      const v = flagValues(cmd);
      if (!v.data && !v.config) throw new UsageError('--data FILE is required (an interactions file or a MovieLens directory)');
      await inspect({ data: (v.data as string | undefined) ?? '', config: v.config as string | undefined, overrides: overridesFromFlags(v), print });
    });

  root
    .command('report')
    .summary("write a trained model's report (HTML and figures)")
    .description(
      'write the report of a trained model: <model>/report/index.html (interactive, one file) and a PNG + SVG of every figure: day-embedding map, items by genre, users by age group and occupation, training curves, metric tables, similar films. Training writes it automatically (unless --no-report).',
    )
    .option('--model <dir>', 'a model directory written by twotower-train (required)')
    .option('--out <dir>', 'where the report goes (default: <model>/report)')
    .addOption(backendOption())
    .action(async (_opts, cmd: Command) => {
      const v = flagValues(cmd);
      if (typeof v.backend === 'string') process.env.TWOTOWER_BACKEND = v.backend;
      if (!v.model) throw new UsageError('--model DIR is required (a model directory written by twotower-train)');
      // on a terminal each t-SNE shows a bar; elsewhere the steps are printed as lines
      const files = await report({ model: v.model as string, out: v.out as string | undefined, ...(process.stderr.isTTY ? { progress: createProgress() } : { print: err }) });
      print(`report written: ${files[0]} (${files.length - 1} figure files beside it)`);
    });

  root
    .command('publish')
    .summary('write a model into PostgreSQL + pgvector, make it current')
    .description(
      "write a model directory into PostgreSQL with pgvector, for servers that read it from there: one schema tt_<version> (the item and user embeddings as pgvector tables with their index, the catalogue, each user's default query embedding and training items, the named embedding sets), the registry row in twotower.models and the switch of twotower.current, all in one transaction. Publishing a version already there only makes it current again; old versions stay until --drop. The version is the server's (the first 16 hex digits of the sha256 of manifest.json).",
    )
    .option('--model <dir>', 'a model directory written by twotower-train (required to publish)')
    .option('--database <url>', 'postgres://user:password@host:5432/database (required; the password is never printed)')
    .option('--name <name>', 'the model name servers ask for: twotower.current keeps one current version per name (default: default)')
    .addOption(new Option('--index <kind>', 'ANN index of the embedding tables (default: hnsw below 100,000 rows, ivfflat from there)').choices(['hnsw', 'ivfflat', 'exact']))
    .option('--m <n>', 'HNSW: links per node (default: 16)')
    .option('--ef-construction <n>', 'HNSW: candidates kept while building (default: 64)')
    .option('--lists <n>', "IVFFlat: lists (default: pgvector's advice, rows/1000 up to 1M rows, sqrt(rows) above)")
    .option('--list', 'list the published versions (of --name, or all) instead of publishing')
    .option('--drop <version>', 'drop a published version of --name (refused for the current one) instead of publishing')
    .option('--quiet', 'no progress lines')
    .option('--json', 'print the result as one JSON object instead of the summary (the publish report, the list, or what was dropped)')
    .addHelpText(
      'after',
      `
Examples:
  twotower-train publish --model models/ml-100k --database postgres://app:secret@db:5432/recs
  twotower-train publish --model models/shop --database $DATABASE_URL --name shop --index ivfflat --lists 1000
  twotower-train publish --list --database $DATABASE_URL
  twotower-train publish --drop 3f2a9c0d1e4b5a67 --database $DATABASE_URL`,
    )
    .action(async (_opts, cmd: Command) => {
      const v = flagValues(cmd);
      if (typeof v.database !== 'string') throw new UsageError('--database URL is required (postgres://user:password@host:5432/database)');
      checkDatabaseUrl(v.database, (m) => new UsageError(m));
      const list = v.list === true;
      const drop = typeof v.drop === 'string' ? v.drop : undefined;
      if (list && drop !== undefined) throw new UsageError('--list and --drop are two different commands: give one');
      if (!list && drop === undefined && typeof v.model !== 'string') throw new UsageError('--model DIR is required (a model directory written by twotower-train), or --list / --drop VERSION');
      const index = indexFromFlags(v, (flag, value) => num(flag, value), (m) => new UsageError(m));
      await publish({
        database: v.database,
        ...(typeof v.model === 'string' ? { model: v.model } : {}),
        ...(typeof v.name === 'string' ? { name: v.name } : {}),
        ...(index ? { index } : {}),
        list,
        ...(drop !== undefined ? { drop } : {}),
        print,
        json: v.json === true,
        ...(v.quiet === true ? {} : { progress: err }),
      });
    });
  return root;
}

/** The command argv runs: its first word, or `train` (the default command) when that is a flag. */
function commandOf(argv: string[]): string {
  return argv[0] && !argv[0].startsWith('-') ? argv[0] : 'train';
}

/** Runs the CLI; returns the process exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], print: (l: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const err = (l: string) => process.stderr.write(`${l}\n`);
  const cli = program(print, err);
  const usage = (message: string, command = '') => {
    err(`twotower-train: ${message}\nRun "twotower-train ${command ? `${command} ` : ''}--help" for usage.`);
    return 2;
  };
  try {
    if (argv[0] && !argv[0].startsWith('-') && !cli.commands.some((c) => c.name() === argv[0]) && argv[0] !== 'help') {
      // without this, the default command would take the word as a stray argument
      return usage(`unknown command "${argv[0]}": use train, inspect, report, demo or publish`);
    }
    await cli.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') return 0;
      // commander has printed the message (and a suggestion, if any) already
      err(`Run "twotower-train ${commandOf(argv)} --help" for usage.`);
      return 2;
    }
    if (e instanceof UsageError) return usage(e.message, commandOf(argv));
    if (e instanceof ConfigError) {
      err(`twotower-train: ${e.message}`);
      return 2;
    }
    err(`twotower-train: ${(e as Error).message}`);
    if (process.env.TWOTOWER_DEBUG) err((e as Error).stack ?? '');
    return 1;
  }
}
