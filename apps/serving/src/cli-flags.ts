import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { IndexPolicy, RecommendDefaults } from '@twotower/server';

/** A command-line mistake: main prints it with the usage and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Everything `twotower-serve` reads from its flags and environment. */
export interface ServeFlags {
  /** Model directory (`--model`, env `TWOTOWER_MODEL`). Required. */
  model: string;
  /** `--host`, env `HOST`. Default `127.0.0.1` (use `0.0.0.0` to listen on every interface). */
  host: string;
  /** `--port`, env `PORT`. Default 8080; 0 picks a free port. */
  port: number;
  /** `--log-level` (fatal, error, warn, info, debug, trace, silent). Default `info`. */
  logLevel: string;
  /** `--no-request-log` turns off the per-request log line. Default on. */
  logRequests: boolean;
  /** `--items-index`, `--items-factory`, `--items-params`. */
  items: IndexPolicy;
  /** `--queries-index`, `--queries-factory`, `--queries-params`: the per-interaction query embeddings (user-users / item-users with `rows: 'interactions'`). */
  queries: IndexPolicy;
  /** `--users-index`, `--users-factory`, `--users-params`: the per-user query vectors (user-users / item-users by default). */
  users: IndexPolicy;
  /** `--max-k` (100), `--max-batch` (64). */
  maxK?: number;
  maxBatch?: number;
  /** `--body-limit` bytes (262144). */
  bodyLimit?: number;
  /** `--cold-start popularity|not-found` (popularity). */
  coldStart?: RecommendDefaults['coldStart'];
  /** `--shutdown-timeout` seconds requests get to finish once the listener closes (after the drain) before exiting anyway (exit 1). Default 10. */
  shutdownTimeout: number;
  /** `--drain-seconds`: after SIGTERM/SIGINT, seconds readiness answers 503 while requests are still answered, before the listener closes. Default 5. */
  drainSeconds: number;
  /** `--request-timeout` seconds a request (headers and body) has to arrive whole, 408 beyond; 0 = none. Default 10. */
  requestTimeout: number;
  /** `--keep-alive-timeout` seconds an idle kept-alive connection stays open. Default 72. */
  keepAliveTimeout: number;
  /** `--max-connections`: connections open at once, more are closed as soon as accepted; 0 = no cap. Default 1000. */
  maxConnections: number;
  /** `--database URL` (env `TWOTOWER_DATABASE_URL`): serve from PostgreSQL + pgvector, where `twotower-train publish` wrote the model. Default: from memory. */
  database?: string;
  /** `--read-database URL` (env `TWOTOWER_READ_DATABASE_URL`): a read replica (hot standby) for searches and user state. Default: `--database`. */
  readDatabase?: string;
  /** `--database-name NAME`: the published model's name. Default `default`. */
  databaseName?: string;
  /** `--database-timeout MS`: statement timeout, 504 beyond. Default 5000. */
  databaseTimeout?: number;
  /** `--database-pool N`: connections per pool. Default 10. */
  databasePool?: number;
  /** `--cors-origin` (repeatable, or comma-separated; env `TWOTOWER_CORS_ORIGINS`): origins browsers may call from, `*` = any. Default none: CORS off. */
  corsOrigins: string[];
  help: boolean;
}

/** Defaults of the connection flags. */
export const SERVE_DEFAULTS = { shutdownTimeout: 10, drainSeconds: 5, requestTimeout: 10, keepAliveTimeout: 72, maxConnections: 1000 } as const;

/** An integer parser for commander: `flag must be an integer >= min, got "value"`. */
function int(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${flag} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
    if (n > max) throw new InvalidArgumentError(`${flag} must be at most ${max}, got ${n}`);
    return n;
  };
}

/** A parser of seconds for commander: a number >= 0 (decimals allowed), at most a day. */
function seconds(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${flag} must be a number of seconds >= 0, got ${JSON.stringify(value)}`);
    if (n > 86_400) throw new InvalidArgumentError(`${flag} must be at most 86400 seconds, got ${n}`);
    return n;
  };
}

/** Collects `--cors-origin` values: repeatable, each possibly comma-separated. */
function origins(value: string, previous: string[] = []): string[] {
  const list = value.split(',').map((o) => o.trim()).filter((o) => o !== '');
  for (const o of list) {
    if (o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o)) throw new InvalidArgumentError(`--cors-origin must be an origin such as https://shop.example (scheme, host, optional port; no path) or *, got ${JSON.stringify(o)}`);
  }
  return [...previous, ...list];
}

const port = int('--port', 0, 65535);
const KINDS = ['auto', 'exact', 'faiss'];

/** The `twotower-serve` command: its flags and help (commander; suggests the closest flag to a typo). */
function serveCommand(): Command {
  const indexFlags = (what: 'items' | 'queries' | 'users', of: string, defaults: [string, string]) => [
    new Option(`--${what}-index <kind>`, `index of ${of} embeddings (default: auto)`).choices(KINDS),
    new Option(`--${what}-factory <f>`, `FAISS factory, e.g. IVF1024,Flat or HNSW32 (default: ${defaults[0]})`),
    new Option(`--${what}-params <p>`, `FAISS search parameters, e.g. nprobe=8 (default: ${defaults[1]})`),
  ];
  const command = new Command('twotower-serve')
    .usage('--model DIR [--host HOST] [--port PORT] [options]')
    .description('Serves a model directory written by twotower-train over HTTP (JSON logs on stdout).')
    .addOption(new Option('--model <dir>', 'model directory, required (env TWOTOWER_MODEL)'))
    .addOption(new Option('--host <host>', 'interface to listen on (env HOST)').default('127.0.0.1'))
    .addOption(new Option('--port <n>', 'port, 0 = any free one (env PORT)').argParser(port).default(8080))
    .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'))
    .addOption(new Option('--no-request-log', 'no log line per request'));
  for (const o of [
    ...indexFlags('items', 'item', ['IVF(~sqrt n),Flat', 'nprobe=8 for IVF']),
    ...indexFlags('queries', 'per-interaction query', ['as --items-factory', 'as --items-params']),
    ...indexFlags('users', 'per-user query', ['as --items-factory', 'as --items-params']),
  ]) {
    command.addOption(o);
  }
  return command
    .addOption(new Option('--max-k <n>', 'largest k a request may ask for (default: 100)').argParser(int('--max-k', 1)))
    .addOption(new Option('--max-batch <n>', 'most queries in one batch request (default: 64)').argParser(int('--max-batch', 1)))
    .addOption(new Option('--body-limit <bytes>', 'largest request body, 413 beyond (default: 262144)').argParser(int('--body-limit', 1024)))
    .addOption(new Option('--cold-start <mode>', 'unknown users get the most popular items, or 404 (default: popularity)').choices(['popularity', 'not-found']))
    .addOption(new Option('--drain-seconds <s>', 'after SIGTERM/SIGINT, seconds readiness says 503 while requests are still answered').argParser(seconds('--drain-seconds')).default(SERVE_DEFAULTS.drainSeconds))
    .addOption(new Option('--shutdown-timeout <s>', 'seconds requests get to finish once the listener closes (after the drain)').argParser(int('--shutdown-timeout', 0)).default(SERVE_DEFAULTS.shutdownTimeout))
    .addOption(new Option('--request-timeout <s>', 'seconds a request (headers and body) has to arrive, 408 beyond; 0 = none').argParser(seconds('--request-timeout')).default(SERVE_DEFAULTS.requestTimeout))
    .addOption(new Option('--keep-alive-timeout <s>', 'seconds an idle kept-alive connection stays open').argParser(seconds('--keep-alive-timeout')).default(SERVE_DEFAULTS.keepAliveTimeout))
    .addOption(new Option('--max-connections <n>', 'connections open at once, more are closed at once; 0 = no cap').argParser(int('--max-connections', 0)).default(SERVE_DEFAULTS.maxConnections))
    .addOption(new Option('--database <url>', 'serve from PostgreSQL + pgvector where twotower-train publish wrote this model: user state, indexes and new items shared by every replica (env TWOTOWER_DATABASE_URL); default: from memory'))
    .addOption(new Option('--read-database <url>', 'a read replica (hot standby) for searches and user state (env TWOTOWER_READ_DATABASE_URL); default: --database'))
    .addOption(new Option('--database-name <name>', 'name the model was published under (twotower-train publish --name); default: default'))
    .addOption(new Option('--database-timeout <ms>', 'statement timeout, 504 beyond (default: 5000)').argParser(int('--database-timeout', 1, 600_000)))
    .addOption(new Option('--database-pool <n>', 'connections per database pool (default: 10)').argParser(int('--database-pool', 1, 1000)))
    .addOption(new Option('--cors-origin <origin>', 'an origin browsers may call from (repeatable or comma-separated; * = any; env TWOTOWER_CORS_ORIGINS); default: CORS off').argParser(origins))
    .addHelpText(
      'after',
      '\nSignals: SIGTERM/SIGINT drain (readiness 503 for --drain-seconds, requests still answered), then stop; a second one ends the drain at once. SIGHUP reloads the model directory.\n' +
        'Admin: POST /admin/reload and POST /admin/items (new items, no retraining) with "Authorization: Bearer $TWOTOWER_ADMIN_TOKEN" (disabled when unset).',
    )
    .helpOption('-h, --help', 'this text')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
}

/** The help text of `twotower-serve` (`--help`, and after a usage error). */
export function usage(): string {
  let text = '';
  serveCommand()
    .configureOutput({ writeOut: (s) => (text += s) })
    .outputHelp();
  return text.trimEnd();
}

/** What commander parses: the flags of {@link ServeFlags} as they are named on the command line. */
type Options = Omit<ServeFlags, 'model' | 'logRequests' | 'items' | 'queries' | 'users' | 'corsOrigins' | 'help'> & {
  model?: string;
  requestLog: boolean;
  itemsIndex?: IndexPolicy['kind'];
  itemsFactory?: string;
  itemsParams?: string;
  queriesIndex?: IndexPolicy['kind'];
  queriesFactory?: string;
  queriesParams?: string;
  usersIndex?: IndexPolicy['kind'];
  usersFactory?: string;
  usersParams?: string;
  corsOrigin?: string[];
};

function policy(kind: IndexPolicy['kind'] | undefined, factory: string | undefined, searchParams: string | undefined): IndexPolicy {
  return { ...(kind !== undefined ? { kind } : {}), ...(factory !== undefined ? { factory } : {}), ...(searchParams !== undefined ? { searchParams } : {}) };
}

/**
 * Parses `twotower-serve` flags (`--flag value` or `--flag=value`) over environment defaults
 * (`TWOTOWER_MODEL`, `HOST`, `PORT`, `TWOTOWER_CORS_ORIGINS`: a flag wins).
 * @throws UsageError naming the flag at fault (with the closest flag to an unknown one)
 */
export function parseServeFlags(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ServeFlags {
  const command = serveCommand();
  try {
    command.parse([...argv], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.code !== 'commander.helpDisplayed') throw new UsageError(e.message.replace(/^error: /, ''));
    return { model: '', host: '127.0.0.1', port: 8080, logLevel: 'info', logRequests: true, items: {}, queries: {}, users: {}, ...SERVE_DEFAULTS, corsOrigins: [], help: true };
  }
  const o = command.opts<Options>();
  const fromEnv = (name: keyof Options, variable: string) => (command.getOptionValueSource(name) !== 'cli' && env[variable] !== undefined && env[variable] !== '' ? env[variable] : undefined);
  const model = o.model ?? fromEnv('model', 'TWOTOWER_MODEL') ?? '';
  const database = o.database ?? fromEnv('database', 'TWOTOWER_DATABASE_URL');
  const readDatabase = o.readDatabase ?? fromEnv('readDatabase', 'TWOTOWER_READ_DATABASE_URL');
  for (const [flag, url] of [['--database', database], ['--read-database', readDatabase]] as const) {
    if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) throw new UsageError(`${flag} must be a PostgreSQL URL such as postgres://user:password@host:5432/db, got one starting ${JSON.stringify(url.slice(0, 12))}`);
  }
  if (readDatabase !== undefined && database === undefined) throw new UsageError('--read-database needs --database (the primary, where new items are written)');
  for (const flag of ['databaseName', 'databaseTimeout', 'databasePool'] as const) {
    if (o[flag] !== undefined && database === undefined) throw new UsageError(`--${flag.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} needs --database`);
  }
  if (model === '') throw new UsageError('--model <dir> is required (a model directory written by twotower-train, e.g. models/ml-100k)');
  const envPort = fromEnv('port', 'PORT');
  let portNumber = o.port;
  if (envPort !== undefined) {
    try {
      portNumber = int('PORT', 0, 65535)(envPort);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  let corsOrigins = o.corsOrigin ?? [];
  const envOrigins = fromEnv('corsOrigin', 'TWOTOWER_CORS_ORIGINS');
  if (envOrigins !== undefined) {
    try {
      corsOrigins = origins(envOrigins);
    } catch (e) {
      throw new UsageError(`TWOTOWER_CORS_ORIGINS: ${(e as Error).message}`);
    }
  }
  return {
    model,
    host: fromEnv('host', 'HOST') ?? o.host,
    port: portNumber,
    logLevel: o.logLevel,
    logRequests: o.requestLog,
    items: policy(o.itemsIndex, o.itemsFactory, o.itemsParams),
    queries: policy(o.queriesIndex, o.queriesFactory, o.queriesParams),
    users: policy(o.usersIndex, o.usersFactory, o.usersParams),
    ...(o.maxK !== undefined ? { maxK: o.maxK } : {}),
    ...(o.maxBatch !== undefined ? { maxBatch: o.maxBatch } : {}),
    ...(o.bodyLimit !== undefined ? { bodyLimit: o.bodyLimit } : {}),
    ...(o.coldStart !== undefined ? { coldStart: o.coldStart } : {}),
    shutdownTimeout: o.shutdownTimeout,
    drainSeconds: o.drainSeconds,
    requestTimeout: o.requestTimeout,
    keepAliveTimeout: o.keepAliveTimeout,
    maxConnections: o.maxConnections,
    corsOrigins,
    ...(database !== undefined ? { database } : {}),
    ...(readDatabase !== undefined ? { readDatabase } : {}),
    ...(o.databaseName !== undefined ? { databaseName: o.databaseName } : {}),
    ...(o.databaseTimeout !== undefined ? { databaseTimeout: o.databaseTimeout } : {}),
    ...(o.databasePool !== undefined ? { databasePool: o.databasePool } : {}),
    help: false,
  };
}
