/** Table names that can go into SQL text unquoted, and the one literal we write ourselves. */
import { PgVectorError } from './errors';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Checks a table name: `'table'` or `'schema.table'`, each part a plain lower-case identifier
 * (`[a-z_][a-z0-9_]{0,62}`), so that it can be written into SQL as it is.
 * @param field names the option in the error.
 * @throws PgVectorError `BAD_IDENTIFIER` naming the field and the name otherwise.
 */
export function checkTableName(table: unknown, field = 'table'): string {
  const parts = typeof table === 'string' ? table.split('.') : [];
  if (parts.length < 1 || parts.length > 2 || !parts.every((p) => IDENTIFIER.test(p))) {
    throw new PgVectorError(
      'BAD_IDENTIFIER',
      `${field} must be 'table' or 'schema.table' with each part a lower-case identifier ([a-z_][a-z0-9_]{0,62}), got ${JSON.stringify(table)}.`,
    );
  }
  return table as string;
}

/** A SQL string literal (`'...'` with quotes doubled): only for text this package generates itself. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
