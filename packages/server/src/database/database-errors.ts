import { isTimeout, isUnavailable } from '@twotower/pgvector';
import { ServingError } from '../errors';

/** 503 for a database that cannot be reached (down, restarting, or every connection busy past the pool's timeout). */
export function databaseUnavailable(url: string, reason: string): ServingError {
  return new ServingError(503, 'DATABASE_UNAVAILABLE', `the database at ${url} is unavailable (${reason}): the request was not answered; retry shortly (the server reconnects by itself)`);
}

/** 504 for a statement the database cancelled at its statement timeout. */
export function databaseTimeout(url: string, timeoutMs: number): ServingError {
  return new ServingError(504, 'DATABASE_TIMEOUT', `the database at ${url} did not answer within the statement timeout (${timeoutMs} ms): the request was cancelled; retry, or raise --database-timeout if the database is busy`);
}

/**
 * The serving error a database failure becomes: a timeout (SQLSTATE 57014) -> 504, a connection
 * that could not be made or was lost -> 503; `undefined` for anything else (a bug: answered 500).
 * `url` is the redacted URL named in the message.
 */
export function servingErrorOf(e: unknown, url: string, timeoutMs: number): ServingError | undefined {
  if (e instanceof ServingError) return e;
  if (isTimeout(e)) return databaseTimeout(url, timeoutMs);
  if (isUnavailable(e)) return databaseUnavailable(url, (e as Error).message);
  return undefined;
}
