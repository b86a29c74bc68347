import { existsSync, statSync } from 'node:fs';
import { readMovieLens, readInteractionsCsv, readInteractionsJsonl, type ColumnMapping, type Dataset } from '@twotower/data';

/**
 * Reads a data set: a MovieLens directory (100K, 1M, 20M/25M/latest: the layout is detected),
 * or a generic interactions `.csv` / `.tsv` / `.jsonl` file whose columns `columns` names
 * (default user, item, rating, timestamp).
 */
export async function loadData(path: string, columns?: Partial<ColumnMapping>): Promise<Dataset> {
  if (!existsSync(path)) {
    throw new Error(`data not found at ${path}: pass --data with a MovieLens directory (e.g. ../shared/data/ml-100k) or an interactions .csv/.jsonl file`);
  }
  if (statSync(path).isDirectory()) return readMovieLens(path);
  const mapping: ColumnMapping = { user: 'user', item: 'item', rating: 'rating', timestamp: 'timestamp', ...columns };
  if (path.endsWith('.jsonl')) return readInteractionsJsonl(path, { columns: mapping });
  return readInteractionsCsv(path, { columns: mapping });
}
