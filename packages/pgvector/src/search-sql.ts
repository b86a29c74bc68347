/** The one statement that answers a search call (every query of the batch). */
import type { Metric } from '@twotower/index';
import { METRIC_SQL } from './index-spec';

/** The filter that leaves out excluded ids: `s` the excluded string ids, `n` the number ids (as text). */
function exclusionFilter(s: string, n: string): string {
  return `t.id <> ALL (CASE WHEN t.num THEN ${n} ELSE ${s} END)`;
}

/**
 * The top-k statement of ONE query on `table` (checked name). Parameters: `$1` the query as a
 * vector literal, `$2` k, with `exclusions` `$3` the excluded string ids and `$4` the excluded
 * number ids (as text). Rows `(q = 1, id, num, d)` ordered by distance (re-sorted: IVFFlat's
 * iterative scan may return them slightly out of order).
 */
export function singleSearchSql(table: string, metric: Metric, dim: number, exclusions: boolean): string {
  const op = METRIC_SQL[metric].operator;
  const where = exclusions ? `WHERE ${exclusionFilter('$3::text[]', '$4::text[]')} ` : '';
  return (
    `SELECT 1 AS q, r.id, r.num, r.d FROM (SELECT t.id, t.num, t.embedding ${op} $1::vector(${dim}) AS d FROM ${table} t ${where}` +
    `ORDER BY t.embedding ${op} $1::vector(${dim}) LIMIT $2) r ORDER BY r.d`
  );
}

/**
 * The batched top-k statement on `table` (checked name). Parameters: `$1` the queries as `text[]`
 * of vector literals, `$2` k, and with `exclusions`: `$3` query numbers (1-based), `$4` ids, `$5`
 * whether each id is a number. The queries are a MATERIALIZED CTE (each literal parsed once, not
 * once per row a scan visits), each searched by a `LATERAL` subquery ordered by pgvector's
 * distance operator (so the table's index serves it) with the exclusions as a filter of that
 * scan; rows come back as `(q, id, num, d)` ordered by query and distance.
 */
export function searchSql(table: string, metric: Metric, dim: number, exclusions: boolean): string {
  const op = METRIC_SQL[metric].operator;
  const queries = `q AS MATERIALIZED (SELECT u.ord::int AS ord, u.v::vector(${dim}) AS v FROM unnest($1::text[]) WITH ORDINALITY AS u(v, ord))`;
  if (!exclusions) {
    return (
      `WITH ${queries} SELECT q.ord AS q, r.id, r.num, r.d FROM q CROSS JOIN LATERAL ` +
      `(SELECT t.id, t.num, t.embedding ${op} q.v AS d FROM ${table} t ORDER BY t.embedding ${op} q.v LIMIT $2) r ORDER BY q.ord, r.d`
    );
  }
  const ex =
    "ex AS MATERIALIZED (SELECT e.q, coalesce(array_agg(e.id) FILTER (WHERE NOT e.num), '{}') AS s, coalesce(array_agg(e.id) FILTER (WHERE e.num), '{}') AS n " +
    'FROM unnest($3::int[], $4::text[], $5::bool[]) AS e(q, id, num) GROUP BY e.q)';
  return (
    `WITH ${queries}, ${ex} SELECT q.ord AS q, r.id, r.num, r.d FROM q LEFT JOIN ex ON ex.q = q.ord CROSS JOIN LATERAL ` +
    `(SELECT t.id, t.num, t.embedding ${op} q.v AS d FROM ${table} t ` +
    `WHERE ${exclusionFilter("coalesce(ex.s, '{}')", "coalesce(ex.n, '{}')")} ` +
    `ORDER BY t.embedding ${op} q.v LIMIT $2) r ORDER BY q.ord, r.d`
  );
}
