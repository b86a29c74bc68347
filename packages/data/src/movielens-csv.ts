import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Dataset } from './dataset';
import { forEachDelimitedRow } from './delimited';
import { DataError } from './errors';
import { InteractionsBuilder } from './interactions-builder';
import { assertFile, estimateRows } from './line-reader';
import { ItemCatalogueBuilder } from './metadata-builders';
import { parseGenreList } from './movielens-1m';
import { finishDataset } from './finish-dataset';
import type { MovieLensOptions } from './movielens-options';
import { addRatingRow } from './rating-rows';
import { ReadReportBuilder, type ReadReport } from './read-report';

/** Column positions found in a header, or a `MISSING_COLUMN` error naming the file and column. */
function columnsOf(file: string, header: string[], wanted: readonly string[]): number[] {
  const names = header.map((h) => h.trim());
  return wanted.map((w) => {
    const k = names.indexOf(w);
    if (k === -1) {
      throw new DataError('MISSING_COLUMN', `${file}: the header has no column "${w}" (columns: ${names.join(', ')}). Is this a MovieLens CSV release?`, {
        file,
        line: 1,
        field: w,
      });
    }
    return k;
  });
}

/**
 * Reads the CSV MovieLens releases (20M, 25M, 32M, latest, latest-small): `ratings.csv`
 * (required, header `userId,movieId,rating,timestamp`) and `movies.csv`
 * (`movieId,title,genres`, quoted titles). UTF-8. The ratings file is streamed, so the 25M
 * release's 650 MB file reads with memory proportional to the rows, not the text.
 * Item indices follow movies.csv's order; genre names are sorted; no user table.
 */
export async function readMovieLensCsv(dir: string, options: MovieLensOptions = {}): Promise<Dataset> {
  const ratingsFile = path.join(dir, 'ratings.csv');
  await assertFile(ratingsFile, 'Point to the extracted directory (e.g. ml-25m), or fetch it with downloadMovieLens("ml-latest-small", ...).');
  const encoding = options.encoding ?? 'utf8';
  const reports: ReadReport[] = [];
  const builder = new InteractionsBuilder({ initialCapacity: await estimateRows(ratingsFile, 24) });
  const csv = { delimiter: ',', quotes: true, encoding, header: true } as const;

  let catalogue: ItemCatalogueBuilder | undefined;
  const movieFile = path.join(dir, 'movies.csv');
  if ((options.readItems ?? true) && existsSync(movieFile)) {
    catalogue = new ItemCatalogueBuilder();
    const cat = catalogue;
    const report = new ReadReportBuilder(movieFile, options);
    let cols = [0, 1, 2];
    await forEachDelimitedRow(
      movieFile,
      csv,
      (f, line, text) => {
        if (f.length < 3) {
          report.reject(line, 'wrong number of fields', `expected 3 fields (movieId, title, genres), found ${f.length}`, text);
          return;
        }
        const id = f[cols[0]!]!.trim();
        if (id.length === 0) {
          report.reject(line, 'empty item id', 'movieId is empty', text);
          return;
        }
        cat.set(builder.internItem(id), f[cols[1]!]!, parseGenreList(f[cols[2]!] ?? '', cat));
        report.accept();
      },
      (header) => {
        cols = columnsOf(movieFile, header, ['movieId', 'title', 'genres']);
      },
    );
    reports.push(report.build());
  }

  const ratings = new ReadReportBuilder(ratingsFile, options);
  let cols = [0, 1, 2, 3];
  let inOrder = true;
  await forEachDelimitedRow(
    ratingsFile,
    csv,
    (f, line, text) => {
      if (inOrder || f.length !== 4) {
        addRatingRow(builder, ratings, f, line, text);
      } else {
        addRatingRow(builder, ratings, [f[cols[0]!]!, f[cols[1]!]!, f[cols[2]!]!, f[cols[3]!]!], line, text);
      }
    },
    (header) => {
      cols = columnsOf(ratingsFile, header, ['userId', 'movieId', 'rating', 'timestamp']);
      inOrder = cols.every((c, k) => c === k);
    },
  );
  return finishDataset(options.name ?? path.basename(path.resolve(dir)), builder, ratings, reports, catalogue, undefined);
}
