import { readLineChunks, splitCsvLine, type TextEncoding } from './line-reader';

/** Lines a quoted field may span before the row is given up as bad. */
const MAX_JOINED_LINES = 100;

/** How {@link forEachDelimitedRow} splits lines. */
export interface DelimitedFormat {
  /** Field separator: `','`, `'\t'`, `'|'`, `'::'`... */
  delimiter: string;
  /** Honour RFC 4180 double quotes (CSV). When false, `"` is an ordinary character. */
  quotes: boolean;
  /** File encoding. */
  encoding: TextEncoding;
  /** Treat the first non-blank line as a header and hand it to `onHeader`. */
  header: boolean;
}

/**
 * Calls `onRow(fields, line, text)` for every non-blank data line of a delimited text file,
 * joining lines while a quoted field is open. `line` is the 1-based number of the row's first
 * line. With `header`, the first non-blank line goes to `onHeader` instead.
 */
export async function forEachDelimitedRow(
  file: string,
  format: DelimitedFormat,
  onRow: (fields: string[], line: number, text: string) => void,
  onHeader?: (fields: string[], line: number) => void,
): Promise<void> {
  let needHeader = format.header;
  let pending: string | null = null;
  let pendingLine = 0;
  let pendingCount = 0;
  const delimiter = format.delimiter;
  for await (const chunk of readLineChunks(file, { encoding: format.encoding })) {
    const lines = chunk.lines;
    for (let k = 0; k < lines.length; k++) {
      let text = lines[k]!;
      let line = chunk.firstLine + k;
      const joined = pending !== null;
      if (pending !== null) {
        text = `${pending}\n${text}`;
        line = pendingLine;
        pending = null;
      } else if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim().length === 0)) {
        continue;
      }
      let fields: string[] | null;
      if (format.quotes) {
        fields = splitCsvLine(text, delimiter);
        if (fields === null) {
          // A quoted field spans lines; give up after MAX_JOINED_LINES (an unbalanced quote
          // must not swallow the rest of the file): the joined text becomes one bad row.
          pendingCount = joined ? pendingCount + 1 : 1;
          if (pendingCount < MAX_JOINED_LINES) {
            pending = text;
            pendingLine = line;
            continue;
          }
          fields = [text];
        }
      } else {
        fields = text.split(delimiter);
      }
      if (needHeader) {
        needHeader = false;
        onHeader?.(fields, line);
        continue;
      }
      onRow(fields, line, text);
    }
  }
  if (pending !== null) {
    // An unterminated quote at end of file: hand over what there is; the row check rejects it.
    onRow([pending], pendingLine, pending);
  }
}
