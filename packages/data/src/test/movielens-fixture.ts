import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Dataset } from '../dataset';
import type { MovieLensLayout } from '../movielens';
import { syntheticDataset } from '../synthetic';

/** The files of a MovieLens directory, name -> contents (Buffers for Latin-1 layouts). */
export type MovieLensFiles = Record<string, string | Buffer>;

/** Options of {@link movieLensFiles}. */
export interface MovieLensFixtureOptions {
  /** The data to write. Default: `syntheticDataset({ numUsers: 30, numItems: 20, numInteractions: 300 })`. */
  dataset?: Dataset;
}

function csvQuote(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The files of a small MovieLens directory in `layout` ('100k': u.data/u.item/u.genre/u.user;
 * 'dat': ratings.dat/movies.dat/users.dat; 'csv': ratings.csv/movies.csv), made from `dataset`.
 * Ratings are written with the ids as they are; metadata for every id of the tables.
 */
export function movieLensFiles(layout: MovieLensLayout, options: MovieLensFixtureOptions = {}): MovieLensFiles {
  const ds = options.dataset ?? syntheticDataset({ numUsers: 30, numItems: 20, numInteractions: 300 });
  const log = ds.interactions;
  const rows: string[][] = [];
  for (let i = 0; i < log.length; i++) {
    rows.push([log.userIds[log.users[i]!]!, log.itemIds[log.items[i]!]!, String(log.ratings[i]), String(log.timestamps[i])]);
  }
  const titles = ds.items?.titles ?? log.itemIds.map((id) => `Item ${id}`);
  const genreNames = ds.items?.genreNames ?? [];
  const genres = ds.items?.genres ?? log.itemIds.map(() => []);
  const files: MovieLensFiles = {};
  if (layout === '100k') {
    files['u.data'] = rows.map((r) => r.join('\t')).join('\n') + '\n';
    files['u.genre'] = Buffer.from(genreNames.map((g, k) => `${g}|${k}`).join('\n') + '\n\n', 'latin1');
    files['u.item'] = Buffer.from(
      log.itemIds
        .map((id, j) => {
          const flags = genreNames.map((_, k) => ((genres[j] ?? []).includes(k) ? '1' : '0'));
          return [id, titles[j] ?? '', '01-Jan-1995', '', 'http://example.invalid/', ...flags].join('|');
        })
        .join('\n') + '\n',
      'latin1',
    );
    files['u.user'] = Buffer.from(log.userIds.map((id, u) => `${id}|${20 + (u % 40)}|${u % 2 ? 'F' : 'M'}|other|0${u}`).join('\n') + '\n', 'latin1');
  } else if (layout === 'dat') {
    files['ratings.dat'] = rows.map((r) => r.join('::')).join('\n') + '\n';
    files['movies.dat'] = Buffer.from(
      log.itemIds.map((id, j) => `${id}::${titles[j] ?? ''}::${(genres[j] ?? []).map((k) => genreNames[k]).join('|')}`).join('\n') + '\n',
      'latin1',
    );
    files['users.dat'] = Buffer.from(log.userIds.map((id, u) => `${id}::${u % 2 ? 'F' : 'M'}::25::${u % 21}::0${u}`).join('\n') + '\n', 'latin1');
  } else {
    files['ratings.csv'] = 'userId,movieId,rating,timestamp\n' + rows.map((r) => r.join(',')).join('\n') + '\n';
    files['movies.csv'] =
      'movieId,title,genres\n' +
      log.itemIds
        .map((id, j) => {
          const g = (genres[j] ?? []).map((k) => genreNames[k]).join('|') || '(no genres listed)';
          return [id, csvQuote(titles[j] ?? ''), csvQuote(g)].join(',');
        })
        .join('\n') +
      '\n';
  }
  return files;
}

/** Writes {@link movieLensFiles} into `dir` (created) and returns `dir`. */
export async function writeMovieLensFixture(dir: string, layout: MovieLensLayout, options: MovieLensFixtureOptions = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const files = movieLensFiles(layout, options);
  for (const [name, data] of Object.entries(files)) await writeFile(path.join(dir, name), data);
  return dir;
}
