import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Dataset } from './dataset';
import { forEachDelimitedRow } from './delimited';
import { InteractionsBuilder } from './interactions-builder';
import { assertFile, estimateRows, parseNumber } from './line-reader';
import { ItemCatalogueBuilder, UserTableBuilder } from './metadata-builders';
import { finishDataset } from './finish-dataset';
import type { MovieLensOptions } from './movielens-options';
import { addRatingRow } from './rating-rows';
import { ReadReportBuilder, type ReadReport } from './read-report';

/**
 * Reads the `::`-separated MovieLens layout (1M; 10M has the same ratings and movies files):
 * `ratings.dat` (required: `UserID::MovieID::Rating::Timestamp`), `movies.dat`
 * (`MovieID::Title::Genre|Genre`) and `users.dat` (`UserID::Gender::Age::Occupation::Zip`).
 * Item indices follow movies.dat's order, user indices users.dat's; genre names are sorted.
 */
export async function readMovieLens1m(dir: string, options: MovieLensOptions = {}): Promise<Dataset> {
  const ratingsFile = path.join(dir, 'ratings.dat');
  await assertFile(ratingsFile, 'Point to the extracted ml-1m directory, or fetch it with downloadMovieLens("ml-1m", ...).');
  const encoding = options.encoding ?? 'latin1';
  const reports: ReadReport[] = [];
  const builder = new InteractionsBuilder({ initialCapacity: await estimateRows(ratingsFile, 20) });
  const dat = { delimiter: '::', quotes: false, encoding, header: false } as const;

  let catalogue: ItemCatalogueBuilder | undefined;
  const movieFile = path.join(dir, 'movies.dat');
  if ((options.readItems ?? true) && existsSync(movieFile)) {
    catalogue = new ItemCatalogueBuilder();
    const cat = catalogue;
    const report = new ReadReportBuilder(movieFile, options);
    await forEachDelimitedRow(movieFile, dat, (f, line, text) => {
      if (f.length !== 3) {
        report.reject(line, 'wrong number of fields', `expected 3 fields (id, title, genres), found ${f.length}`, text);
        return;
      }
      const id = f[0]!.trim();
      if (id.length === 0) {
        report.reject(line, 'empty item id', 'item id is empty', text);
        return;
      }
      cat.set(builder.internItem(id), f[1]!, parseGenreList(f[2]!, cat));
      report.accept();
    });
    reports.push(report.build());
  }

  let users: UserTableBuilder | undefined;
  const userFile = path.join(dir, 'users.dat');
  if ((options.readUsers ?? true) && existsSync(userFile)) {
    users = new UserTableBuilder();
    const table = users;
    const report = new ReadReportBuilder(userFile, options);
    await forEachDelimitedRow(userFile, dat, (f, line, text) => {
      if (f.length !== 5) {
        report.reject(line, 'wrong number of fields', `expected 5 fields (id, gender, age, occupation, zip), found ${f.length}`, text);
        return;
      }
      const id = f[0]!.trim();
      if (id.length === 0) {
        report.reject(line, 'empty user id', 'user id is empty', text);
        return;
      }
      table.set(builder.internUser(id), parseNumber(f[2]), f[1]!, f[3]!, f[4]!);
      report.accept();
    });
    reports.push(report.build());
  }

  const ratings = new ReadReportBuilder(ratingsFile, options);
  await forEachDelimitedRow(ratingsFile, dat, (f, line, text) => addRatingRow(builder, ratings, f, line, text));
  return finishDataset(options.name ?? path.basename(path.resolve(dir)), builder, ratings, reports, catalogue, users);
}

/** Genre indices of a `Action|Comedy` list; "(no genres listed)" and empty mean none. */
export function parseGenreList(field: string, catalogue: ItemCatalogueBuilder): number[] {
  const s = field.trim();
  if (s.length === 0 || s === '(no genres listed)') return [];
  return s.split('|').map((g) => catalogue.genre(g.trim()));
}
