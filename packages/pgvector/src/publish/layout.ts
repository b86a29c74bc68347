/**
 * Names of the published layout (packages/pgvector/README.md, "Published layout"): the registry
 * schema `twotower` and one schema `tt_<version>` per published model version.
 */
import { PublishError } from './publish-error';

/** The registry schema: `twotower.models` and `twotower.current`. */
export const REGISTRY_SCHEMA = 'twotower';

/** Tables of one published version, inside its schema (named sets add `set_<name>`). */
export const PUBLISHED_TABLES = { items: 'items', catalogue: 'catalogue', users: 'users', userState: 'user_state' } as const;

const VERSION = /^[a-z0-9_]{1,59}$/;

/**
 * The schema of a published model version: `tt_<version>` (the version is the model directory's
 * 16 hex digits; any of lower-case letters, digits and `_`, at most 59, is accepted).
 * @throws PublishError `BAD_INPUT` for any other version
 */
export function publishedSchema(version: string): string {
  if (!VERSION.test(version)) {
    throw new PublishError('BAD_INPUT', `"${version}" cannot name a schema: a version is lower-case letters, digits and _ (at most 59), e.g. the model directory's 16 hex digits`, 'version');
  }
  return `tt_${version}`;
}

/**
 * The table of a named embedding set inside a version's schema: `set_<name>` with every `-` of the
 * name as `_` (set names are lower-case letters, digits and dashes, so no two sets share a table).
 * @throws PublishError `BAD_INPUT` when the name cannot be turned into a table name (at most 59 characters)
 */
export function publishedSetTable(name: string): string {
  const table = `set_${name.replace(/-/g, '_')}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(table)) {
    throw new PublishError('BAD_INPUT', `embedding set "${name}" cannot name a table (set_<name>): a set name is lower-case letters, digits and dashes, at most 59`, 'sets.name');
  }
  return table;
}

/** `'schema.table'`: every name here is checked to be a plain lower-case identifier, so no quoting is needed. */
export function qualified(schema: string, table: string): string {
  return `${schema}.${table}`;
}

/** The registry's tables, created when missing (the lead's server reads them). */
export const REGISTRY_DDL = [
  `CREATE SCHEMA IF NOT EXISTS ${REGISTRY_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${REGISTRY_SCHEMA}.models (
    name text NOT NULL, version text NOT NULL, schema text NOT NULL, dim int NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now(), manifest jsonb,
    PRIMARY KEY (name, version))`,
  `CREATE TABLE IF NOT EXISTS ${REGISTRY_SCHEMA}.current (
    name text PRIMARY KEY, version text NOT NULL, schema text NOT NULL, switched_at timestamptz NOT NULL,
    FOREIGN KEY (name, version) REFERENCES ${REGISTRY_SCHEMA}.models (name, version))`,
];

/** Advisory-lock keys (`pg_advisory_xact_lock(hashtext(key))`): one per model name, one per schema, one for creating the registry. */
export const LOCK_KEYS = {
  registry: 'twotower.registry',
  name: (name: string) => `twotower.publish.name:${name}`,
  schema: (schema: string) => `twotower.publish.schema:${schema}`,
};
