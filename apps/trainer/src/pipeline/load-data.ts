import { existsSync, statSync } from 'node:fs';
import { readLog, readMovieLens, type Dataset, type LogPlan } from '@twotower/data';
import { ConfigError } from '../config/load-config';
import type { TrainConfig } from '../config/schema';

/** A data set and, for a file, how it was read. */
export interface LoadedData {
  dataset: Dataset;
  /** How a log file was read (formats, column roles, timestamp format, catalogue and user columns); none for a MovieLens directory. */
  plan?: LogPlan;
}

/**
 * Reads a data set: a MovieLens directory (100K, 1M, 20M/25M/latest: the layout is detected),
 * or an interactions `.csv` / `.tsv` / `.jsonl` file with, optionally, an item catalogue and a
 * user file (`data.items`, `data.users`): columns found by name unless `data.columns` names them,
 * delimiters sniffed, the timestamp format detected.
 */
export async function loadData(path: string, data: TrainConfig['data'] = {}): Promise<LoadedData> {
  if (!existsSync(path)) {
    throw new Error(`data not found at ${path}: pass --data with a MovieLens directory (e.g. ../shared/data/ml-100k) or an interactions .csv/.jsonl file`);
  }
  if (statSync(path).isDirectory()) {
    const extras = (['items', 'users', 'columns'] as const).filter((k) => data[k] !== undefined);
    if (extras.length > 0) throw new ConfigError(`${path} is a MovieLens directory, which brings its own catalogue and columns: data.${extras.join(', data.')} (--items, --users, --*-col) apply to an interactions file`);
    return { dataset: await readMovieLens(path) };
  }
  const { dataset, plan } = await readLog(path, {
    ...(data.columns ? { columns: data.columns } : {}),
    ...(data.items ? { items: data.items } : {}),
    ...(data.users ? { users: data.users } : {}),
    ...(data.delimiter ? { delimiter: data.delimiter } : {}),
    ...(data.timestampFormat ? { timestampFormat: data.timestampFormat } : {}),
  });
  return { dataset, plan };
}
