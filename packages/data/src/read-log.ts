import type { AttributeKind } from './attribute-kind';
import { readAttributeTable, type AttributeTable } from './attribute-table';
import { alignColumn, catalogueFromTable, catalogueRoles } from './catalogue-table';
import { detectColumnRoles, ROLE_NAMES, type ColumnRole, type RoleAssignment } from './column-roles';
import type { Dataset } from './dataset';
import { DataError } from './errors';
import { readInteractionsCsv, type ColumnMapping } from './interactions-csv';
import { readInteractionsJsonl } from './interactions-jsonl';
import { assertFile, parseNumber, splitCsvLine } from './line-reader';
import type { BadRowOptions } from './read-report';
import { fileKind, peekLines, sniffDelimiter } from './sniff';
import { checkTimestampFormat, type TimestampFormat } from './timestamp';
import { detectTimestampFormat } from './timestamp-detect';

/** Options of {@link readLog}. */
export interface ReadLogOptions extends BadRowOptions {
  /** Columns by role (header names); roles not given are detected by name ({@link detectColumnRoles}). */
  columns?: Partial<Record<ColumnRole, string>>;
  /** An item catalogue: CSV/TSV or JSON Lines, one row per item (id, title, categories, any attributes). */
  items?: string;
  /** A user file: CSV/TSV or JSON Lines, one row per user (id and attributes). */
  users?: string;
  /** Field separator of every delimited file. Default: sniffed per file (`.tsv`: tab). */
  delimiter?: string;
  /** How timestamps are written. Default `'auto'`: detected from the column's first rows ({@link detectTimestampFormat}). */
  timestampFormat?: TimestampFormat;
  /** Name of the data set. Default: the log file's base name without extension. */
  name?: string;
}

/** What was read from a catalogue or user file, see {@link LogPlan}. */
export interface TablePlan {
  file: string;
  format: 'csv' | 'jsonl';
  delimiter?: string;
  idColumn: string;
  /** Ids read (rows accepted). */
  rows: number;
  /** Catalogue only: the columns holding titles and genres (categories). */
  title?: string;
  genres?: string;
  /** Every other column: its kind and why. */
  columns: { name: string; kind: AttributeKind; reason: string }[];
}

/** How a log was read: formats, delimiters, column roles, timestamp format, the catalogue's and user file's columns. */
export interface LogPlan {
  file: string;
  format: 'csv' | 'jsonl';
  delimiter?: string;
  /** The log's columns (CSV header, or JSON keys in order of first appearance). */
  columns: string[];
  /** Column of each role found, and how. */
  roles: RoleAssignment[];
  /** Columns of the log no role reads. */
  unused: string[];
  /** The timestamp column's format: detected (with an example) or given. */
  timestamp?: { column: string; format: Exclude<TimestampFormat, 'auto'> | 'auto'; description: string };
  items?: TablePlan;
  users?: TablePlan;
}

/** Data rows looked at to detect the delimiter and the timestamp format. */
const SAMPLE_ROWS = 200;

function tablePlan(t: AttributeTable, roles: { title?: { name: string }; genres?: { name: string } } = {}): TablePlan {
  return {
    file: t.file,
    format: t.format,
    ...(t.delimiter !== undefined ? { delimiter: t.delimiter } : {}),
    idColumn: t.idColumn,
    rows: t.ids.length,
    ...(roles.title ? { title: roles.title.name } : {}),
    ...(roles.genres ? { genres: roles.genres.name } : {}),
    columns: t.columns.filter((c) => c.name !== roles.title?.name && c.name !== roles.genres?.name).map((c) => ({ name: c.name, kind: c.kind, reason: c.reason })),
  };
}

/** The header and a sample of data rows (as key → value) of a log file. */
async function sample(file: string, format: 'csv' | 'jsonl', delimiter: string | undefined): Promise<{ header: string[]; rows: Record<string, unknown>[]; delimiter?: string }> {
  const lines = await peekLines(file, SAMPLE_ROWS + 1);
  if (lines.length === 0) throw new DataError('BAD_INPUT', `${file} is empty: a log needs a header line and rows.`, { file });
  if (format === 'jsonl') {
    const header: string[] = [];
    const rows: Record<string, unknown>[] = [];
    for (const l of lines) {
      try {
        const o = JSON.parse(l.text) as unknown;
        if (typeof o !== 'object' || o === null || Array.isArray(o)) continue;
        for (const k of Object.keys(o)) if (!header.includes(k)) header.push(k);
        rows.push(o as Record<string, unknown>);
      } catch {
        // counted as a bad row when the file is read
      }
    }
    return { header, rows };
  }
  const d = delimiter ?? sniffDelimiter(lines.map((l) => l.text), file);
  const header = (splitCsvLine(lines[0]!.text, d) ?? [lines[0]!.text]).map((h) => h.trim());
  if (header.every((h) => Number.isFinite(parseNumber(h)))) {
    throw new DataError('BAD_INPUT', `${file}:${lines[0]!.line}: the first line (${JSON.stringify(lines[0]!.text)}) looks like data, not a header: add a header line naming the columns, e.g. user${d}item${d}timestamp.`, { file, line: lines[0]!.line });
  }
  const rows = lines.slice(1).map((l) => {
    const f = splitCsvLine(l.text, d) ?? [];
    return Object.fromEntries(header.map((h, k) => [h, f[k]]));
  });
  return { header, rows, delimiter: d };
}

/**
 * Reads an interaction log with whatever it comes with, detecting what is not given, and says
 * what it found:
 * - the log: CSV/TSV (the delimiter sniffed) or JSON Lines, by extension; the columns of user,
 *   item, timestamp, rating and weight by name unless given (only user and item are needed: a
 *   log of clicks has no rating); the timestamp format (epoch seconds, epoch milliseconds or
 *   ISO 8601) from its first rows;
 * - `items`: a catalogue whose id column is the log's item column name, `id` or a known item
 *   name (else its first column); its titles and genres (categories) are the columns so named,
 *   every other column an attribute of inferred kind (text, categories, category, number);
 *   its ids come first in `itemIds` (catalogue items nobody interacted with can be recommended);
 * - `users`: a user file, likewise (its columns are `Dataset.userAttributes`).
 * Bad rows are counted by reason in each file's report, with the first few by line.
 */
export async function readLog(file: string, options: ReadLogOptions = {}): Promise<{ dataset: Dataset; plan: LogPlan }> {
  await assertFile(file, 'Pass --data with an interactions .csv/.tsv/.jsonl file or a MovieLens directory.');
  const format = fileKind(file) === 'jsonl' ? 'jsonl' : 'csv';
  const s = await sample(file, format, options.delimiter);
  const { roles, unused } = detectColumnRoles(s.header, options.columns, file);
  const column = (role: ColumnRole) => roles.find((r) => r.role === role)?.column;
  let timestamp: LogPlan['timestamp'];
  let tsFormat: TimestampFormat = options.timestampFormat ?? 'auto';
  checkTimestampFormat(tsFormat);
  const timeColumn = column('timestamp');
  if (timeColumn !== undefined) {
    if (tsFormat === 'auto') {
      const found = detectTimestampFormat(s.rows.map((r) => r[timeColumn]));
      if (found) tsFormat = found.format;
      timestamp = { column: timeColumn, format: tsFormat, description: found?.description ?? 'not detected in the first rows (numbers are read as epoch seconds, other text as dates)' };
    } else {
      timestamp = { column: timeColumn, format: tsFormat, description: `${tsFormat === 'iso' ? 'ISO 8601' : `epoch ${tsFormat}`} (given)` };
    }
  }
  const bad: BadRowOptions = { ...(options.onBadRow ? { onBadRow: options.onBadRow } : {}), ...(options.maxBadRowExamples !== undefined ? { maxBadRowExamples: options.maxBadRowExamples } : {}) };
  const idNames = (role: 'user' | 'item') => [column(role)!, 'id', `${role}id`, ...ROLE_NAMES[role]];
  const items = options.items ? await readAttributeTable(options.items, { ...bad, idNames: idNames('item'), delimiter: options.delimiter }) : undefined;
  const users = options.users ? await readAttributeTable(options.users, { ...bad, idNames: idNames('user'), delimiter: options.delimiter }) : undefined;
  const mapping: ColumnMapping = { user: column('user')!, item: column('item')! };
  for (const role of ['rating', 'timestamp', 'weight'] as const) if (column(role) !== undefined) mapping[role] = column(role);
  const common = { ...bad, name: options.name, itemIds: items?.ids, userIds: users?.ids, columns: mapping, timestampFormat: tsFormat };
  const read = format === 'jsonl' ? await readInteractionsJsonl(file, common) : await readInteractionsCsv(file, { ...common, delimiter: s.delimiter });
  const log = read.interactions;
  const logReport = read.reports[read.reports.length - 1]!;
  const inLog = (n: number, ids: readonly string[], table: AttributeTable) => {
    const counts = new Uint8Array(n);
    const index = new Map(ids.map((id, k) => [id, k]));
    for (const id of table.ids) counts[index.get(id)!] = 1;
    return counts;
  };
  if (items) {
    const listed = inLog(log.itemIds.length, log.itemIds, items);
    const touched = new Uint8Array(log.itemIds.length);
    for (const j of log.items) touched[j] = 1;
    const missing = listed.reduce((a, x, j) => a + (x === 0 && touched[j] ? 1 : 0), 0);
    const idle = listed.reduce((a, x, j) => a + (x === 1 && !touched[j] ? 1 : 0), 0);
    if (missing > 0) logReport.notes.push(`${missing} item ids of the log are not in the catalogue (no title or attributes)`);
    if (idle > 0) items.report.notes.push(`${idle} catalogue items have no interaction (they can still be recommended, by their features)`);
  }
  if (users) {
    const listed = inLog(log.userIds.length, log.userIds, users);
    const missing = listed.reduce((a, x) => a + (x === 0 ? 1 : 0), 0);
    if (missing > 0) logReport.notes.push(`${missing} user ids of the log are not in the user file (no attributes)`);
  }
  const dataset: Dataset = {
    ...read,
    ...(items ? { items: catalogueFromTable(items, log.itemIds) } : {}),
    ...(users ? { userAttributes: users.columns.map((c) => alignColumn(c, users.ids, log.userIds)) } : {}),
    reports: [...(items ? [items.report] : []), ...(users ? [users.report] : []), ...read.reports],
  };
  const plan: LogPlan = {
    file,
    format,
    ...(s.delimiter !== undefined ? { delimiter: s.delimiter } : {}),
    columns: s.header,
    roles,
    unused,
    ...(timestamp ? { timestamp } : {}),
    ...(items ? { items: tablePlan(items, catalogueRoles(items)) } : {}),
    ...(users ? { users: tablePlan(users) } : {}),
  };
  return { dataset, plan };
}
