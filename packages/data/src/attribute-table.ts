import { attributeValues, inferAttributeKind, type AttributeColumn, type AttributeKind } from './attribute-kind';
import { normaliseColumnName } from './column-roles';
import { forEachDelimitedRow } from './delimited';
import { DataError } from './errors';
import { assertFile, readLineChunks, type TextEncoding } from './line-reader';
import { ReadReportBuilder, type BadRowOptions, type ReadReport } from './read-report';
import { fileKind, peekLines, sniffDelimiter } from './sniff';

/** Options of {@link readAttributeTable}. */
export interface AttributeTableOptions extends BadRowOptions {
  /** The id column. Default: the column whose name comes earliest in `idNames`, else the first column. */
  id?: string;
  /** Names (compared as `normaliseColumnName` does) that make a column the id column. Default `['id']`. */
  idNames?: readonly string[];
  /** Field separator of a delimited file. Default: sniffed from its first lines (`.tsv`: tab). */
  delimiter?: string;
  /** Kinds to use instead of the inferred ones, by column name. */
  kinds?: Readonly<Record<string, AttributeKind>>;
  /** File encoding. Default `'utf8'`. */
  encoding?: TextEncoding;
}

/** A catalogue or user file: one row per id, each other column an attribute of inferred kind. */
export interface AttributeTable {
  file: string;
  /** `'csv'` (any delimited text) or `'jsonl'`. */
  format: 'csv' | 'jsonl';
  /** The field separator of a delimited file. */
  delimiter?: string;
  /** The id column's name. */
  idColumn: string;
  /** The ids, in file order (each once). */
  ids: string[];
  /** Every other column, in file order, aligned with `ids`. */
  columns: AttributeColumn[];
  report: ReadReport;
}

/** A JSON value as an attribute string: arrays become `|`-separated labels. */
function fieldOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('|');
  return JSON.stringify(v);
}

/**
 * Reads a catalogue (items) or user file — CSV/TSV with a header (the delimiter sniffed) or JSON
 * Lines, told apart by extension — with one row per id. The id column is `options.id`, or the
 * one whose name comes earliest in `idNames`, or the first column; every other column becomes an
 * {@link AttributeColumn} whose kind is inferred from its name and values
 * ({@link inferAttributeKind}). Rows with an empty or repeated id, or too few fields, are
 * counted in the report and skipped (or thrown, with `onBadRow: 'throw'`).
 */
export async function readAttributeTable(file: string, options: AttributeTableOptions = {}): Promise<AttributeTable> {
  await assertFile(file);
  const report = new ReadReportBuilder(file, options);
  const ids: string[] = [];
  const seen = new Set<string>();
  let names: string[] = [];
  const cells: (string | null)[][] = [];
  let idCol = -1;
  const chooseId = (header: string[]) => {
    names = header.map((h) => h.trim());
    if (options.id !== undefined) {
      idCol = names.indexOf(options.id);
      if (idCol === -1) throw new DataError('MISSING_COLUMN', `${file}: the header has no id column "${options.id}" (columns: ${names.join(', ')}).`, { file, line: 1, field: 'id' });
    } else {
      // the column whose name comes earliest in idNames; the first column when none is named so
      const known = (options.idNames ?? ['id']).map(normaliseColumnName);
      let rank = Infinity;
      idCol = 0;
      names.forEach((n, k) => {
        const r = known.indexOf(normaliseColumnName(n));
        if (r !== -1 && r < rank) {
          rank = r;
          idCol = k;
        }
      });
    }
    for (let k = 0; k < names.length; k++) cells.push([]);
  };
  const addRow = (line: number, text: string, field: (k: number) => string | null) => {
    const id = field(idCol)?.trim() ?? '';
    if (id.length === 0) return report.reject(line, 'empty id', `the id ("${names[idCol]}") is empty`, text);
    if (seen.has(id)) return report.reject(line, 'repeated id', `id ${JSON.stringify(id)} was given on an earlier row (the first one is kept)`, text);
    seen.add(id);
    ids.push(id);
    for (let k = 0; k < names.length; k++) if (k !== idCol) cells[k]!.push(field(k));
    report.accept();
  };
  const format = fileKind(file) === 'jsonl' ? 'jsonl' : 'csv';
  let delimiter: string | undefined;
  if (format === 'csv') {
    delimiter = options.delimiter ?? sniffDelimiter((await peekLines(file, 20, options.encoding)).map((l) => l.text), file);
    await forEachDelimitedRow(
      file,
      { delimiter, quotes: true, encoding: options.encoding ?? 'utf8', header: true },
      (f, line, text) => {
        if (f.length < names.length) return report.reject(line, 'missing field', `expected ${names.length} fields (the header's), found ${f.length}`, text);
        addRow(line, text, (k) => f[k] ?? null);
      },
      chooseId,
    );
  } else {
    // keys in order of first appearance; a key first met on a later row is missing on the rows before it
    const rows: { line: number; text: string; o: Record<string, unknown> }[] = [];
    const keys: string[] = [];
    const keySet = new Set<string>();
    for await (const chunk of readLineChunks(file, { encoding: options.encoding })) {
      chunk.lines.forEach((text, k) => {
        if (text.trim().length === 0) return;
        const line = chunk.firstLine + k;
        let o: unknown;
        try {
          o = JSON.parse(text);
        } catch (e) {
          return report.reject(line, 'invalid JSON', `invalid JSON (${(e as Error).message})`, text);
        }
        if (typeof o !== 'object' || o === null || Array.isArray(o)) return report.reject(line, 'not an object', 'the line is not a JSON object', text);
        for (const key of Object.keys(o)) {
          if (keySet.has(key)) continue;
          keySet.add(key);
          keys.push(key);
        }
        rows.push({ line, text, o: o as Record<string, unknown> });
      });
    }
    chooseId(keys);
    for (const r of rows) addRow(r.line, r.text, (k) => fieldOf(r.o[names[k]!]));
  }
  if (names.length === 0) throw new DataError('BAD_INPUT', `${file} has no header (or no object): nothing to read.`, { file });
  const columns: AttributeColumn[] = [];
  for (let k = 0; k < names.length; k++) {
    if (k === idCol) continue;
    const raw = cells[k]!;
    const given = options.kinds?.[names[k]!];
    const { kind, reason } = given ? { kind: given, reason: 'given' } : inferAttributeKind(names[k]!, raw);
    columns.push({ name: names[k]!, kind, values: attributeValues(kind, raw), reason });
  }
  return { file, format, ...(delimiter !== undefined ? { delimiter } : {}), idColumn: names[idCol]!, ids, columns, report: report.build() };
}
