import type { Dataset, ItemCatalogue, UserTable } from './dataset';
import type { InteractionsBuilder } from './interactions-builder';
import type { ItemCatalogueBuilder, UserTableBuilder } from './metadata-builders';
import type { ReadReport, ReadReportBuilder } from './read-report';

/**
 * Builds a dataset from a reader's builder and reports, noting ids of the interactions file
 * (`ratings`) that have no metadata. Shared by all readers.
 */
export function finishDataset(
  name: string,
  builder: InteractionsBuilder,
  ratings: ReadReportBuilder,
  reports: ReadReport[],
  catalogue: ItemCatalogueBuilder | undefined,
  users: UserTableBuilder | undefined,
): Dataset {
  const interactions = builder.build();
  let items: ItemCatalogue | undefined;
  if (catalogue) {
    let missing = 0;
    for (let j = 0; j < interactions.itemIds.length; j++) if (!catalogue.has(j)) missing++;
    if (missing > 0) ratings.note(`${missing} item ids in the log have no catalogue entry (empty title, no genres)`);
    items = catalogue.build(interactions.itemIds.length);
  }
  let userTable: UserTable | undefined;
  if (users) {
    let missing = 0;
    for (let u = 0; u < interactions.userIds.length; u++) if (!users.has(u)) missing++;
    if (missing > 0) ratings.note(`${missing} user ids in the log have no user-table entry (NaN age, empty fields)`);
    userTable = users.build(interactions.userIds.length);
  }
  reports.push(ratings.build());
  return {
    name,
    interactions,
    ...(items ? { items } : {}),
    ...(userTable ? { users: userTable } : {}),
    reports,
  };
}
