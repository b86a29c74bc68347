/** This package's own error, and the classification of node-postgres errors for a server. */

/** Why the package refused something. */
export type PgVectorErrorCode =
  /** An option is missing or out of range (the message names it). */
  | 'BAD_OPTIONS'
  /** A table name is not a plain lower-case identifier. */
  | 'BAD_IDENTIFIER'
  /** `create` was given a table that exists already. */
  | 'TABLE_EXISTS'
  /** `open` was given a table that is missing or was not made by `PgVectorIndex.create`. */
  | 'NOT_OUR_TABLE'
  /** The pgvector extension is missing or cannot be created by this role. */
  | 'NO_EXTENSION';

/**
 * The error of `@twotower/pgvector` for bad options and tables it does not recognise. The message
 * names the field or table at fault and what to do; `code` is stable for programs to branch on.
 * (Argument errors shared with the other indexes — dimensions, duplicate ids, `k` — are
 * `IndexError`s of `@twotower/index`; errors of the database itself pass through as node-postgres
 * raised them: see {@link isUnavailable} and {@link isTimeout}.)
 */
export class PgVectorError extends Error {
  readonly code: PgVectorErrorCode;

  constructor(code: PgVectorErrorCode, message: string) {
    super(message);
    this.name = 'PgVectorError';
    this.code = code;
  }
}

/** Node's socket error codes that mean the server cannot be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);

/**
 * SQLSTATEs that mean the server cannot serve now: class 08 (connection exception), `57P01`
 * admin shutdown, `57P02` crash shutdown, `57P03` cannot connect now (starting or stopping),
 * `53300` too many connections.
 */
function unavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** node-postgres' own messages for a lost or never-made connection (it gives them no code). */
const UNAVAILABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i, // pool: no client within connectionTimeoutMillis
  /connection terminated/i, // "... unexpectedly", "... due to connection timeout"
  /connection is not queryable|not queryable/i,
  /Client was closed and is not queryable/i,
  /Connection ended unexpectedly/i,
];

function codeOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Whether `e` (anything a `pg` call rejected with) means the database is unreachable or going
 * away, so the request may succeed later: refused / reset / unreachable sockets, a connection
 * terminated mid-query, the pool's connect timeout, SQLSTATE class `08`, `57P01`-`57P03`, `53300`.
 * A server maps these to 503.
 */
export function isUnavailable(e: unknown): boolean {
  if (e === null || typeof e !== 'object') return false;
  const code = codeOf(e);
  if (code !== undefined && (NETWORK_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && unavailableSqlState(code)))) return true;
  const errors = (e as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.some(isUnavailable)) return true; // AggregateError of a multi-address connect
  const message = (e as { message?: unknown }).message;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(message));
}

/**
 * Whether `e` is a statement that ran out of time: SQLSTATE `57014` (`statement_timeout`, or a
 * cancel) or node-postgres' client-side `query_timeout` ("Query read timeout"). A server maps
 * these to 504.
 */
export function isTimeout(e: unknown): boolean {
  if (e === null || typeof e !== 'object') return false;
  if (codeOf(e) === '57014') return true;
  const message = (e as { message?: unknown }).message;
  return typeof message === 'string' && /Query read timeout/i.test(message);
}
