import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Dataset } from './dataset';
import { DataError } from './errors';
import { readMovieLens1m } from './movielens-1m';
import { readMovieLens100k } from './movielens-100k';
import { readMovieLensCsv } from './movielens-csv';
import type { MovieLensOptions } from './movielens-options';

/** The MovieLens file layouts: 100K (`u.data`), 1M/10M (`ratings.dat`), 20M/25M/32M/latest (`ratings.csv`). */
export type MovieLensLayout = '100k' | 'dat' | 'csv';

/**
 * Which MovieLens layout `dir` holds, judged by its ratings file; `undefined` when none.
 * A directory with a single sub-directory (an archive extracted one level too high) is looked into.
 */
export function detectMovieLensLayout(dir: string): { layout: MovieLensLayout; dir: string } | undefined {
  const probe = (d: string): MovieLensLayout | undefined => {
    if (existsSync(path.join(d, 'u.data'))) return '100k';
    if (existsSync(path.join(d, 'ratings.dat'))) return 'dat';
    if (existsSync(path.join(d, 'ratings.csv'))) return 'csv';
    return undefined;
  };
  const direct = probe(dir);
  if (direct) return { layout: direct, dir };
  let entries: string[];
  try {
    entries = readdirSync(dir).filter((e) => !e.startsWith('.') && statSync(path.join(dir, e)).isDirectory());
  } catch {
    return undefined;
  }
  if (entries.length !== 1) return undefined;
  const inner = path.join(dir, entries[0]!);
  const nested = probe(inner);
  return nested ? { layout: nested, dir: inner } : undefined;
}

/**
 * Reads any MovieLens release from its extracted directory, choosing the reader by layout
 * ({@link readMovieLens100k}, {@link readMovieLens1m}, {@link readMovieLensCsv}).
 *
 * ```ts
 * const ml = await readMovieLens('../shared/data/ml-100k');
 * console.log(ml.interactions.length); // 100000
 * ```
 */
export async function readMovieLens(dir: string, options: MovieLensOptions = {}): Promise<Dataset> {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new DataError('FILE_NOT_FOUND', `${dir} is not a directory. Pass the extracted MovieLens directory (e.g. .../ml-100k), or download it with downloadMovieLens().`, {
      file: dir,
    });
  }
  const found = detectMovieLensLayout(dir);
  if (!found) {
    throw new DataError(
      'UNKNOWN_LAYOUT',
      `${dir} holds no MovieLens ratings file (u.data, ratings.dat or ratings.csv). For other logs use readInteractionsCsv / readInteractionsJsonl with named columns.`,
      { file: dir },
    );
  }
  switch (found.layout) {
    case '100k':
      return readMovieLens100k(found.dir, options);
    case 'dat':
      return readMovieLens1m(found.dir, options);
    case 'csv':
      return readMovieLensCsv(found.dir, options);
  }
}
