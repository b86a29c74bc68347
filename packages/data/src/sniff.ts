import { readLineChunks, splitCsvLine, type TextEncoding } from './line-reader';

/** How a data file is laid out: delimited text (CSV, TSV, ...) or JSON Lines. */
export type FileKind = 'delimited' | 'jsonl';

/** The field separators {@link sniffDelimiter} tries, in order of preference on a tie. */
export const DELIMITERS = [',', '\t', ';', '|'] as const;

/** JSON Lines for `.jsonl`, `.ndjson` and `.json` files; delimited text for anything else (`.csv`, `.tsv`, `.txt`, ...). */
export function fileKind(file: string): FileKind {
  return /\.(jsonl|ndjson|json)$/i.test(file) ? 'jsonl' : 'delimited';
}

/** The name of a delimiter for messages: `","`, `tab`, `";"`, ... */
export function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : JSON.stringify(d);
}

/**
 * The field separator of delimited text, from its first lines (header included): the candidate
 * ({@link DELIMITERS}) that splits every line into the same number of fields, more than one —
 * the most fields wins; `.tsv` files are tab-separated without looking. Quoted fields are
 * honoured. Default `','` (a one-column file).
 */
export function sniffDelimiter(lines: readonly string[], file = ''): string {
  if (/\.tsv$/i.test(file)) return '\t';
  const sample = lines.filter((l) => l.trim().length > 0).slice(0, 50);
  let best = ',';
  let bestFields = 1;
  for (const d of DELIMITERS) {
    let fields = -1;
    let consistent = true;
    for (const l of sample) {
      const n = splitCsvLine(l, d)?.length ?? -1;
      if (n === -1) continue; // a quoted field spanning lines: no verdict from this line
      if (fields === -1) fields = n;
      else if (n !== fields) consistent = false;
    }
    if (consistent && fields > bestFields) {
      best = d;
      bestFields = fields;
    }
  }
  return best;
}

/** The first `n` non-blank lines of a text file (fewer when it is shorter), with the line number of each. */
export async function peekLines(file: string, n: number, encoding: TextEncoding = 'utf8'): Promise<{ line: number; text: string }[]> {
  const out: { line: number; text: string }[] = [];
  for await (const chunk of readLineChunks(file, { encoding, chunkBytes: 1 << 16 })) {
    for (let k = 0; k < chunk.lines.length && out.length < n; k++) {
      const text = chunk.lines[k]!;
      if (text.trim().length > 0) out.push({ line: chunk.firstLine + k, text });
    }
    if (out.length >= n) break;
  }
  return out;
}
