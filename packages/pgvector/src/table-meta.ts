/** What a PgVectorIndex table is, kept as a JSON comment on the table. */
import { METRICS, type Metric } from '@twotower/index';
import { PgVectorError } from './errors';
import { quoteLiteral } from './identifiers';
import { checkIndexSpec, type PgIndexSpec } from './index-spec';
import type { Queryable } from './pool';

/** The table comment's content. */
export interface TableMeta {
  dim: number;
  metric: Metric;
  index: PgIndexSpec;
}

/** Marks a table comment as ours; `format` is bumped when the table's shape changes. */
const MARKER = 'twotower.pgvector';
const FORMAT = 1;

/** `COMMENT ON TABLE` with the metadata (all of it checked values this package wrote). */
export function commentSql(table: string, meta: TableMeta): string {
  const json = JSON.stringify({ [MARKER]: FORMAT, dim: meta.dim, metric: meta.metric, index: meta.index });
  return `COMMENT ON TABLE ${table} IS ${quoteLiteral(json)}`;
}

/**
 * Reads the metadata of `table`.
 * @throws PgVectorError `NOT_OUR_TABLE` naming the table when it is missing or its comment is not ours.
 */
export async function readMeta(db: Queryable, table: string): Promise<TableMeta> {
  const { rows } = await db.query<{ exists: boolean; comment: string | null }>(
    "SELECT to_regclass($1) IS NOT NULL AS exists, obj_description(to_regclass($1), 'pg_class') AS comment",
    [table],
  );
  const row = rows[0]!;
  if (!row.exists) throw new PgVectorError('NOT_OUR_TABLE', `table ${table} does not exist (check the name and the schema; create it with PgVectorIndex.create).`);
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = row.comment ? (JSON.parse(row.comment) as Record<string, unknown>) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed[MARKER] === undefined) {
    throw new PgVectorError('NOT_OUR_TABLE', `table ${table} was not made by PgVectorIndex.create (its comment holds no ${MARKER} metadata): open one of ours, or create a new table.`);
  }
  if (parsed[MARKER] !== FORMAT) {
    throw new PgVectorError('NOT_OUR_TABLE', `table ${table} has PgVectorIndex format ${String(parsed[MARKER])}; this version reads format ${FORMAT}: upgrade @twotower/pgvector.`);
  }
  const { dim, metric } = parsed;
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1 || !METRICS.includes(metric as Metric)) {
    throw new PgVectorError('NOT_OUR_TABLE', `table ${table} has damaged metadata (dim ${String(dim)}, metric ${String(metric)}).`);
  }
  return { dim, metric: metric as Metric, index: checkIndexSpec(parsed.index, `${table} metadata index`) };
}
