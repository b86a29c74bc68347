import path from 'node:path';
import type { Dataset } from './dataset';
import { finishDataset } from './finish-dataset';
import { InteractionsBuilder } from './interactions-builder';
import { readItemsCsvInto, type ItemsCsvOptions } from './item-catalogue-csv';
import { estimateRows } from './line-reader';
import { ItemCatalogueBuilder } from './metadata-builders';
import { ReadReportBuilder, type BadRowOptions, type ReadReport } from './read-report';

/** Options the generic readers (CSV, JSON Lines) share. */
export interface GenericReadOptions extends BadRowOptions {
  /** Name of the data set in the result. Default: the file's base name without extension. */
  name?: string;
  /**
   * An item metadata file (id, title, genres) to read first: its ids come first in `itemIds`
   * and `Dataset.items` holds titles and genres (items only the log mentions get an empty title,
   * counted in the report). Default: none.
   */
  items?: ItemsCsvOptions;
  /** Item ids to intern first, in this order (e.g. a catalogue's ids read beforehand), so they lead `itemIds`. Default none. */
  itemIds?: readonly string[];
  /** User ids to intern first, in this order (e.g. a user file's ids). Default none. */
  userIds?: readonly string[];
}

/** The state of a generic reader: rows go to `builder`, bad rows to `report`; `finish()` makes the dataset. */
export interface GenericRead {
  builder: InteractionsBuilder;
  report: ReadReportBuilder;
  finish(): Dataset;
}

/**
 * Starts reading an interactions file: a builder sized from the file (`bytesPerRow` a typical
 * row), its bad-row report, and the item file read first when `options.items` names one.
 */
export async function startGenericRead(file: string, options: GenericReadOptions, bytesPerRow: number): Promise<GenericRead> {
  const builder = new InteractionsBuilder({ initialCapacity: await estimateRows(file, bytesPerRow), itemIds: options.itemIds, userIds: options.userIds });
  const report = new ReadReportBuilder(file, options);
  const reports: ReadReport[] = [];
  let catalogue: ItemCatalogueBuilder | undefined;
  if (options.items) {
    catalogue = new ItemCatalogueBuilder();
    reports.push(await readItemsCsvInto(options.items, builder, catalogue, options));
  }
  const name = options.name ?? path.basename(file).replace(/\.[^.]*$/, '');
  return { builder, report, finish: () => finishDataset(name, builder, report, reports, catalogue, undefined) };
}
