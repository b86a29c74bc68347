import type { IndexPolicy } from '@twotower/index';
import type { RecommendDefaults } from './recommend/types';

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
  /** `--queries-index`, `--queries-factory`, `--queries-params`. */
  queries: IndexPolicy;
  /** `--max-k` (100), `--max-batch` (64). */
  maxK?: number;
  maxBatch?: number;
  /** `--body-limit` bytes (262144). */
  bodyLimit?: number;
  /** `--cold-start popularity|not-found` (popularity). */
  coldStart?: RecommendDefaults['coldStart'];
  /** `--shutdown-timeout` seconds to let requests finish after SIGTERM before exiting anyway. Default 10. */
  shutdownTimeout: number;
  help: boolean;
}

export const USAGE = `Usage: twotower-serve --model DIR [--host HOST] [--port PORT] [options]

Serves a model directory written by twotower-train over HTTP (JSON logs on stdout).

Options:
  --model DIR              model directory (env TWOTOWER_MODEL)                   required
  --host HOST              interface to listen on (env HOST)                      127.0.0.1
  --port N                 port, 0 = any free one (env PORT)                      8080
  --log-level LEVEL        fatal|error|warn|info|debug|trace|silent               info
  --no-request-log         no log line per request
  --items-index KIND       auto|exact|faiss index of item embeddings             auto
  --items-factory F        FAISS factory, e.g. IVF1024,Flat or HNSW32             IVF(~sqrt n),Flat
  --items-params P         FAISS search parameters, e.g. nprobe=8                 nprobe=8 for IVF
  --queries-index KIND     auto|exact|faiss index of query embeddings            auto
  --queries-factory F      as --items-factory, for query embeddings
  --queries-params P       as --items-params, for query embeddings
  --max-k N                largest k a request may ask for                        100
  --max-batch N            most queries in one batch request                      64
  --body-limit BYTES       largest request body (413 beyond)                      262144
  --cold-start MODE        unknown users: popularity|not-found                    popularity
  --shutdown-timeout S     seconds requests get to finish after SIGTERM           10
  --help                   this text

Signals: SIGTERM/SIGINT stop gracefully; SIGHUP reloads the model directory.
Admin: POST /admin/reload with "Authorization: Bearer $TWOTOWER_ADMIN_TOKEN" (disabled when unset).`;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function int(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  return n;
}

function kind(flag: string, value: string): IndexPolicy['kind'] {
  if (value !== 'auto' && value !== 'exact' && value !== 'faiss') throw new UsageError(`${flag} must be auto, exact or faiss, got ${JSON.stringify(value)}`);
  return value;
}

/** Parses `twotower-serve` flags (`--flag value` or `--flag=value`) over environment defaults. */
export function parseServeFlags(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ServeFlags {
  const flags: ServeFlags = {
    model: env['TWOTOWER_MODEL'] ?? '',
    host: env['HOST'] ?? '127.0.0.1',
    port: env['PORT'] !== undefined && env['PORT'] !== '' ? int('PORT', env['PORT'], 0) : 8080,
    logLevel: 'info',
    logRequests: true,
    items: {},
    queries: {},
    shutdownTimeout: 10,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--help':
      case '-h':
        flags.help = true;
        break;
      case '--model':
        flags.model = value();
        break;
      case '--host':
        flags.host = value();
        break;
      case '--port':
        flags.port = int(name, value(), 0);
        if (flags.port > 65535) throw new UsageError(`--port must be at most 65535, got ${flags.port}`);
        break;
      case '--log-level': {
        const v = value();
        if (!LOG_LEVELS.includes(v)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(v)}`);
        flags.logLevel = v;
        break;
      }
      case '--no-request-log':
        flags.logRequests = false;
        break;
      case '--items-index':
        flags.items.kind = kind(name, value());
        break;
      case '--items-factory':
        flags.items.factory = value();
        break;
      case '--items-params':
        flags.items.searchParams = value();
        break;
      case '--queries-index':
        flags.queries.kind = kind(name, value());
        break;
      case '--queries-factory':
        flags.queries.factory = value();
        break;
      case '--queries-params':
        flags.queries.searchParams = value();
        break;
      case '--max-k':
        flags.maxK = int(name, value(), 1);
        break;
      case '--max-batch':
        flags.maxBatch = int(name, value(), 1);
        break;
      case '--body-limit':
        flags.bodyLimit = int(name, value(), 1024);
        break;
      case '--cold-start': {
        const v = value();
        if (v !== 'popularity' && v !== 'not-found') throw new UsageError(`--cold-start must be popularity or not-found, got ${JSON.stringify(v)}`);
        flags.coldStart = v;
        break;
      }
      case '--shutdown-timeout':
        flags.shutdownTimeout = int(name, value(), 0);
        break;
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  if (!flags.help && flags.model === '') throw new UsageError('--model DIR is required (a model directory written by twotower-train, e.g. models/ml-100k)');
  return flags;
}
