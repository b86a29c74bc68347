/** Validation and small typed-array helpers shared by every index. */
import { IndexError } from './errors';
import { METRICS, type Metric, type SearchParams } from './types';

/** Checks a dimension option: a positive integer. */
export function checkDim(dim: unknown, field = 'dim'): number {
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1) {
    throw new IndexError('BAD_ARGUMENT', `${field} must be a positive integer, got ${String(dim)}.`);
  }
  return dim;
}

/** Checks a metric option. */
export function checkMetric(metric: unknown): Metric {
  if (!METRICS.includes(metric as Metric)) {
    throw new IndexError('BAD_ARGUMENT', `metric must be one of ${METRICS.join(', ')}, got ${String(metric)}.`);
  }
  return metric as Metric;
}

/**
 * Checks that `vectors` is a `Float32Array` holding whole rows of `dim` values and returns the
 * number of rows.
 * @param what names the argument in the error (`'vectors'`, `'queries'`).
 */
export function rowCount(vectors: unknown, dim: number, what: string): number {
  if (!(vectors instanceof Float32Array)) {
    throw new IndexError('BAD_ARGUMENT', `${what} must be a Float32Array (row-major, n × ${dim}); convert with Float32Array.from(...).`);
  }
  if (vectors.length % dim !== 0) {
    throw new IndexError(
      'DIMENSION_MISMATCH',
      `${what} has ${vectors.length} values, not a multiple of the index dimension ${dim}: ` +
        `each row must have exactly ${dim} values (was the index built with another dimension?).`,
    );
  }
  return vectors.length / dim;
}

/** Checks `k`: a positive integer. */
function checkK(k: unknown): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
    throw new IndexError('BAD_ARGUMENT', `k must be a positive integer, got ${String(k)}.`);
  }
  return k;
}

/**
 * Returns a copy of `vectors` (`[n, dim]`) with each row scaled to unit L2 norm (all-zero rows
 * stay zero).
 */
export function normalizeRows(vectors: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let o = 0; o < vectors.length; o += dim) {
    let s = 0;
    for (let j = 0; j < dim; j++) {
      const v = vectors[o + j]!;
      s += v * v;
    }
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < dim; j++) out[o + j] = vectors[o + j]! * inv;
  }
  return out;
}

/** FAISS syntax for search parameters: `{ efSearch: 64 }` → `"efSearch=64"`. */
export function paramsToString(params: SearchParams | undefined): string {
  if (params === undefined) return '';
  if (typeof params === 'string') return params.replace(/\s+/g, '');
  return Object.entries(params)
    .map(([key, value]) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new IndexError('BAD_ARGUMENT', `search parameter ${key} must be a finite number, got ${String(value)}.`);
      }
      return `${key}=${value}`;
    })
    .join(',');
}

/**
 * Checks the arguments every `search` takes and returns the number of queries: `queries` holds
 * whole rows of `dim`, `k` is a positive integer, `exclude` has at most one entry per query.
 */
export function checkSearchArgs(queries: unknown, dim: number, k: unknown, exclude: readonly unknown[] | undefined): number {
  const nq = rowCount(queries, dim, 'queries');
  checkK(k);
  if (exclude !== undefined && exclude.length > nq) {
    throw new IndexError('BAD_ARGUMENT', `exclude has ${exclude.length} entries for ${nq} queries: give at most one per query.`);
  }
  return nq;
}
