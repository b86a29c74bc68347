import { DataError } from './errors';

/** A row a reader could not use. */
export interface BadRow {
  /** 1-based line number in the file. */
  line: number;
  /** Why the row was rejected, naming the field. */
  reason: string;
  /** The row's text (truncated to 200 characters). */
  text: string;
}

/** What happened while reading one file. Bad rows are counted, never silently dropped. */
export interface ReadReport {
  /** The file read. */
  file: string;
  /** Data rows seen (not counting a header or blank lines). */
  rows: number;
  /** Rows turned into data. */
  accepted: number;
  /** Rows rejected: `rows - accepted`. */
  bad: number;
  /** Rejected rows counted by reason kind (e.g. "rating is not a number"). */
  badByReason: Record<string, number>;
  /** The first few rejected rows, for the error message or a log. */
  examples: BadRow[];
  /** Anything else worth knowing (e.g. items without metadata). */
  notes: string[];
}

/** What a reader does with a row it cannot parse. */
export type BadRowPolicy = 'skip' | 'throw';

/** Options every reader shares about bad rows. */
export interface BadRowOptions {
  /**
   * `'skip'`: count the row in the report and go on (a long run never dies on one bad line);
   * `'throw'`: stop with a `BAD_ROW` {@link DataError}. Default `'skip'`.
   */
  onBadRow?: BadRowPolicy;
  /** How many rejected rows to keep as examples in the report. Default 10. */
  maxBadRowExamples?: number;
}

/** Accumulates a {@link ReadReport}; readers call `row()` / `accept()` / `reject()`. */
export class ReadReportBuilder {
  private readonly report: ReadReport;
  private readonly policy: BadRowPolicy;
  private readonly maxExamples: number;

  constructor(file: string, options: BadRowOptions = {}) {
    this.report = { file, rows: 0, accepted: 0, bad: 0, badByReason: {}, examples: [], notes: [] };
    this.policy = options.onBadRow ?? 'skip';
    this.maxExamples = options.maxBadRowExamples ?? 10;
  }

  accept(): void {
    this.report.rows++;
    this.report.accepted++;
  }

  /**
   * Records a rejected row.
   * @param kind Short reason used for counting, e.g. "rating is not a number".
   * @param detail Full reason for the example, e.g. `rating "x" is not a number`.
   */
  reject(line: number, kind: string, detail: string, text: string): void {
    this.report.rows++;
    this.report.bad++;
    this.report.badByReason[kind] = (this.report.badByReason[kind] ?? 0) + 1;
    const shown = text.length > 200 ? `${text.slice(0, 200)}...` : text;
    if (this.policy === 'throw') {
      throw new DataError(
        'BAD_ROW',
        `${this.report.file}:${line}: ${detail}. Fix the row, or pass onBadRow: 'skip' to count and skip bad rows. Row: ${JSON.stringify(shown)}`,
        { file: this.report.file, line },
      );
    }
    if (this.report.examples.length < this.maxExamples) this.report.examples.push({ line, reason: detail, text: shown });
  }

  note(message: string): void {
    this.report.notes.push(message);
  }

  build(): ReadReport {
    return this.report;
  }
}

/** A one-paragraph human summary of reports, e.g. for a CLI. */
export function formatReports(reports: readonly ReadReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    let s = `${r.file}: ${r.accepted}/${r.rows} rows`;
    if (r.bad > 0) {
      const kinds = Object.entries(r.badByReason)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ');
      s += `, ${r.bad} bad (${kinds}); first at line ${r.examples[0]?.line ?? '?'}: ${r.examples[0]?.reason ?? ''}`;
    }
    for (const note of r.notes) s += `; ${note}`;
    lines.push(s);
  }
  return lines.join('\n');
}
