import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Dataset } from './dataset';
import { forEachDelimitedRow } from './delimited';
import { finishDataset } from './finish-dataset';
import { InteractionsBuilder } from './interactions-builder';
import { assertFile, estimateRows, parseNumber } from './line-reader';
import { ItemCatalogueBuilder, UserTableBuilder } from './metadata-builders';
import type { MovieLensOptions } from './movielens-options';
import { addRatingRow } from './rating-rows';
import { ReadReportBuilder, type ReadReport } from './read-report';

/** ML-100K's 19 genres, in u.genre's order (used when u.genre is absent). */
export const ML100K_GENRES: readonly string[] = [
  'unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
];

/**
 * Reads MovieLens 100K from a directory holding `u.data` (required), `u.item`, `u.genre` and
 * `u.user` (Latin-1, `|`-separated; u.data tab-separated).
 *
 * User and item indices follow u.user's and u.item's order (ids "1".."943", "1".."1682"), so
 * `userIds[u] === String(u + 1)` on the real data set.
 */
export async function readMovieLens100k(dir: string, options: MovieLensOptions = {}): Promise<Dataset> {
  const ratingsFile = path.join(dir, 'u.data');
  await assertFile(ratingsFile, 'Point to the extracted ml-100k directory, or fetch it with downloadMovieLens("ml-100k", ...).');
  const reports: ReadReport[] = [];
  const encoding = options.encoding ?? 'latin1';
  const builder = new InteractionsBuilder({ initialCapacity: await estimateRows(ratingsFile, 19) });

  let catalogue: ItemCatalogueBuilder | undefined;
  if (options.readItems ?? true) {
    const genreFile = path.join(dir, 'u.genre');
    let genres = ML100K_GENRES;
    if (existsSync(genreFile)) {
      const names: string[] = [];
      const report = new ReadReportBuilder(genreFile, options);
      await forEachDelimitedRow(genreFile, { delimiter: '|', quotes: false, encoding, header: false }, (f, line, text) => {
        const k = parseNumber(f[1]);
        if (f.length !== 2 || !Number.isInteger(k) || k < 0) {
          report.reject(line, 'bad genre row', 'expected "name|index" with a non-negative integer index', text);
          return;
        }
        names[k] = f[0]!;
        report.accept();
      });
      reports.push(report.build());
      genres = Array.from(names, (g, k) => g ?? `genre-${k}`);
    }
    const itemFile = path.join(dir, 'u.item');
    if (existsSync(itemFile)) {
      catalogue = new ItemCatalogueBuilder(genres);
      const cat = catalogue;
      const report = new ReadReportBuilder(itemFile, options);
      const flags = genres.length;
      await forEachDelimitedRow(itemFile, { delimiter: '|', quotes: false, encoding, header: false }, (f, line, text) => {
        if (f.length !== 5 + flags) {
          report.reject(line, 'wrong number of fields', `expected ${5 + flags} fields (id, title, release date, video date, url, ${flags} genre flags), found ${f.length}`, text);
          return;
        }
        const id = f[0]!.trim();
        if (id.length === 0) {
          report.reject(line, 'empty item id', 'item id is empty', text);
          return;
        }
        const g: number[] = [];
        for (let k = 0; k < flags; k++) if (f[5 + k]!.trim() === '1') g.push(k);
        cat.set(builder.internItem(id), f[1]!, g);
        report.accept();
      });
      reports.push(report.build());
    }
  }

  let users: UserTableBuilder | undefined;
  const userFile = path.join(dir, 'u.user');
  if ((options.readUsers ?? true) && existsSync(userFile)) {
    users = new UserTableBuilder();
    const table = users;
    const report = new ReadReportBuilder(userFile, options);
    await forEachDelimitedRow(userFile, { delimiter: '|', quotes: false, encoding, header: false }, (f, line, text) => {
      if (f.length !== 5) {
        report.reject(line, 'wrong number of fields', `expected 5 fields (id, age, gender, occupation, zip), found ${f.length}`, text);
        return;
      }
      const id = f[0]!.trim();
      if (id.length === 0) {
        report.reject(line, 'empty user id', 'user id is empty', text);
        return;
      }
      table.set(builder.internUser(id), parseNumber(f[1]), f[2]!, f[3]!, f[4]!);
      report.accept();
    });
    reports.push(report.build());
  }

  const ratings = new ReadReportBuilder(ratingsFile, options);
  await forEachDelimitedRow(ratingsFile, { delimiter: '\t', quotes: false, encoding, header: false }, (f, line, text) =>
    addRatingRow(builder, ratings, f, line, text),
  );
  return finishDataset(options.name ?? path.basename(path.resolve(dir)), builder, ratings, reports, catalogue, users);
}
