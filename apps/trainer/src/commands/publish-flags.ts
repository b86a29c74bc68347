import { redactUrl, type PgIndexSpec } from '@twotower/pgvector';

type Flags = Record<string, string | boolean | undefined>;

function positiveInteger(flag: string, value: number | undefined, min: number, usage: (message: string) => Error): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min) throw usage(`--${flag} must be an integer of at least ${min}, got ${value}`);
  return value;
}

/**
 * The index spec of `publish`'s flags (`--index`, `--m`, `--ef-construction`, `--lists`), or
 * undefined for the default (per table: HNSW, m 16, ef_construction 64, below 100,000 rows; IVFFlat
 * from there: `defaultPublishIndex` of `@twotower/pgvector`). A flag of another kind of index is
 * a usage error.
 * @param num parses a number flag (throwing a usage error for a non-number)
 */
export function indexFromFlags(v: Flags, num: (flag: string, value: string | undefined) => number | undefined, usage: (message: string) => Error): PgIndexSpec | undefined {
  const kind = (v.index as string | undefined) ?? 'hnsw';
  const m = positiveInteger('m', num('m', v.m as string | undefined), 2, usage);
  const efConstruction = positiveInteger('ef-construction', num('ef-construction', v['ef-construction'] as string | undefined), 4, usage);
  const lists = positiveInteger('lists', num('lists', v.lists as string | undefined), 1, usage);
  if (kind !== 'hnsw' && (m !== undefined || efConstruction !== undefined)) throw usage(`--m and --ef-construction set an HNSW index, not --index ${kind}`);
  if (kind !== 'ivfflat' && lists !== undefined) throw usage(`--lists sets an IVFFlat index (--index ivfflat), not ${kind}`);
  if (kind === 'exact') return { kind: 'exact' };
  if (kind === 'ivfflat') return lists === undefined ? { kind: 'ivfflat' } : { kind: 'ivfflat', lists };
  if (v.index === undefined && m === undefined && efConstruction === undefined) return undefined;
  return { kind: 'hnsw', ...(m !== undefined ? { m } : {}), ...(efConstruction !== undefined ? { efConstruction } : {}) };
}

/** Refuses a `--database` that is not a `postgres://` (or `postgresql://`) URL, naming it without its password. */
export function checkDatabaseUrl(url: string, usage: (message: string) => Error): void {
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // not a URL at all
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw usage(`--database must be a postgres:// URL such as postgres://user:password@host:5432/database, got "${redactUrl(url)}"`);
  }
}
