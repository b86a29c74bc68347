import type { InteractionsBuilder } from './interactions-builder';
import { parseNumber } from './line-reader';
import type { ReadReportBuilder } from './read-report';

/**
 * Adds one MovieLens-style ratings row `[user, item, rating, timestamp]` to `builder`, or rejects
 * it in `report` naming the field at fault. Shared by the MovieLens readers.
 */
export function addRatingRow(
  builder: InteractionsBuilder,
  report: ReadReportBuilder,
  fields: string[],
  line: number,
  text: string,
): void {
  if (fields.length !== 4) {
    report.reject(line, 'wrong number of fields', `expected 4 fields (user, item, rating, timestamp), found ${fields.length}`, text);
    return;
  }
  const user = fields[0]!.trim();
  const item = fields[1]!.trim();
  if (user.length === 0) {
    report.reject(line, 'empty user id', 'user id is empty', text);
    return;
  }
  if (item.length === 0) {
    report.reject(line, 'empty item id', 'item id is empty', text);
    return;
  }
  const rating = parseNumber(fields[2]);
  if (!Number.isFinite(rating)) {
    report.reject(line, 'rating is not a number', `rating ${JSON.stringify(fields[2])} is not a number`, text);
    return;
  }
  const timestamp = parseNumber(fields[3]);
  if (!Number.isFinite(timestamp)) {
    report.reject(line, 'timestamp is not a number', `timestamp ${JSON.stringify(fields[3])} is not a number of seconds`, text);
    return;
  }
  builder.add(user, item, rating, timestamp);
  report.accept();
}
