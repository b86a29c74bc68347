import { resolve } from 'node:path';
import { createPool, dropPublished, isUnavailable, listPublished, publishModel, PublishError, redactUrl, type PgIndexSpec, type PublishReport, type PublishedVersion } from '@twotower/pgvector';
import { publishInputFromModel } from '../pipeline/publish-input';
import { publishProgress } from '../pipeline/publish-lines';

/** Options of {@link publish}. */
export interface PublishCommandOptions {
  /** `postgres://user:password@host:5432/db` (never printed with its password). */
  database: string;
  /** The model directory to publish (required unless {@link list} or {@link drop}). */
  model?: string;
  /** The model's name in `twotower.current`. Default `'default'`. */
  name?: string;
  /** The ANN index of the published tables. Default, per table: HNSW (m 16, ef_construction 64) below 100,000 rows, IVFFlat from there. */
  index?: PgIndexSpec;
  /** List the published versions instead of publishing. */
  list?: boolean;
  /** Drop this published version instead of publishing (refused for the current one). */
  drop?: string;
  /** Print the result as one JSON line (the {@link PublishCommandResult}) instead of the summary. Default false. */
  json?: boolean;
  /** Results and the summary. Default stdout. */
  print?: (line: string) => void;
  /** Progress lines; none when undefined. */
  progress?: (line: string) => void;
}

/** What {@link publish} did. */
export type PublishCommandResult = { kind: 'published'; report: PublishReport } | { kind: 'list'; versions: PublishedVersion[] } | { kind: 'dropped'; version: string; schema: string; schemaDropped: boolean };

const thousands = (n: number) => n.toLocaleString('en-US');

/** The failure of a database call, as the CLI says it: the URL redacted and what to do. */
export function databaseError(e: unknown, url: string): Error {
  const where = redactUrl(url);
  if (e instanceof PublishError) return new Error(`${where}: ${e.message}`);
  if (isUnavailable(e)) return new Error(`cannot reach the database at ${where} (${(e as Error).message}): check that it is running and that the URL's host, port, user and password are right`);
  const code = (e as { code?: unknown }).code;
  if (code === '28P01' || code === '28000') return new Error(`the database at ${where} refused the login (${(e as Error).message}): check the user and password in --database`);
  if (code === '3D000') return new Error(`${where}: ${(e as Error).message}: create the database or name another in --database`);
  return new Error(`${where}: ${(e as Error).message}`);
}

function versionLines(versions: PublishedVersion[]): string[] {
  if (versions.length === 0) return ['nothing is published in this database'];
  const rows = versions.map((v) => [v.current ? '*' : ' ', v.name, v.version, v.schema, String(v.dim), v.publishedAt.toISOString()]);
  const head = [' ', 'name', 'version', 'schema', 'dim', 'published at'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((x, c) => x.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(head), ...rows.map(line), '(* current)'];
}

/** The summary of a publish: version, schema, rows per table, seconds. */
export function summaryLines(report: PublishReport, where: string, index: PgIndexSpec | undefined): string[] {
  const out: string[] = [];
  const was = report.previous ? `; it was ${report.previous}` : '';
  if (!report.created) {
    out.push(`model "${report.name}" version ${report.version} was already published (schema ${report.schema}) at ${where}: it is now current${was}`);
  } else {
    out.push(`published model "${report.name}" version ${report.version} into schema ${report.schema} at ${where}: now current${was}`);
    const spec = index ?? { kind: 'hnsw' };
    const ann = spec.kind === 'hnsw' ? `hnsw m=${spec.m ?? 16} ef_construction=${spec.efConstruction ?? 64}` : spec.kind === 'ivfflat' ? `ivfflat${spec.lists ? ` lists=${spec.lists}` : ''}` : 'exact (no ANN index)';
    const width = Math.max(...Object.keys(report.rows).map((t) => t.length));
    for (const [table, n] of Object.entries(report.rows)) {
      const vectors = table === 'items' || table === 'users' || table.startsWith('set_');
      out.push(`  ${table.padEnd(width)}  ${thousands(n).padStart(10)} rows${vectors ? `  (${ann})` : ''}`);
    }
  }
  out.push(`  ${report.seconds.toFixed(1)} s`);
  return out;
}

/** Runs a database call, turning its failure into the CLI's message (URL redacted, what to do). */
async function onDb<T>(url: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw databaseError(e, url);
  }
}

/**
 * `twotower-train publish`: writes a model directory into PostgreSQL + pgvector (`publishModel`:
 * one schema per version, one transaction, idempotent) and makes it current; or, with
 * {@link PublishCommandOptions.list}, lists the published versions; or, with
 * {@link PublishCommandOptions.drop}, drops one. Messages name the URL without its password.
 */
export async function publish(options: PublishCommandOptions): Promise<PublishCommandResult> {
  const print = options.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const url = options.database;
  const where = redactUrl(url);
  const name = options.name ?? 'default';
  const db = createPool(url, { max: 2, statementTimeoutMillis: 0, applicationName: 'twotower-train publish' });
  try {
    if (options.list) {
      const versions = await onDb(url, () => listPublished(db, options.name));
      const result: PublishCommandResult = { kind: 'list', versions };
      if (options.json) print(JSON.stringify(result));
      else for (const line of versionLines(versions)) print(line);
      return result;
    }
    if (options.drop !== undefined) {
      const version = options.drop;
      const dropped = await onDb(url, () => dropPublished(db, name, version));
      const result: PublishCommandResult = { kind: 'dropped', version, schema: dropped.schema, schemaDropped: dropped.schemaDropped };
      if (options.json) print(JSON.stringify(result));
      else print(`dropped version ${version} of model "${name}" from ${where}${dropped.schemaDropped ? ` (schema ${dropped.schema} removed)` : ` (schema ${dropped.schema} kept: another model name lists it)`}`);
      return result;
    }
    if (!options.model) throw new Error('--model DIR is required (a model directory written by twotower-train)');
    const dir = resolve(options.model);
    const progress = options.progress;
    // the database first: an unreachable one fails before the model is read
    await onDb(url, () => db.query('SELECT 1'));
    progress?.(`reading ${dir}`);
    const input = await publishInputFromModel(dir, progress && ((_, done, total) => done === total && progress(`  ${thousands(total)} users embedded at their default time`)));
    progress?.(`publishing version ${input.version} to ${where}`);
    const report = await onDb(url, () => publishModel(db, input, { name, ...(options.index ? { index: options.index } : {}), ...(progress ? { onProgress: publishProgress(progress) } : {}) }));
    const result: PublishCommandResult = { kind: 'published', report };
    if (options.json) print(JSON.stringify(result));
    else for (const line of summaryLines(report, where, options.index)) print(line);
    return result;
  } finally {
    await db.end().catch(() => {});
  }
}
