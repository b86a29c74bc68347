import { userColumns, type AttributeColumn, type Dataset } from '@twotower/data';
import { Recommender, type AttributeColumn as RecommenderColumn, type Catalogue, type ItemVectorsInput, type RecommenderSpec, type UserInfo } from '@twotower/recommender';
import type { TrainingData } from './training-data';

/** Attribute columns as the recommender keeps them (values as plain arrays). */
function columnsOf(columns: readonly AttributeColumn[]): RecommenderColumn[] {
  return columns.map((c) => ({ name: c.name, kind: c.kind, values: [...c.values] }));
}

/**
 * The catalogue of a data set: item ids, titles (the id when an item has none: ids are the
 * labels), genre names, and a generic catalogue's genre column name and other columns.
 */
export function catalogueOf(dataset: Dataset): Catalogue {
  const ids = dataset.interactions.itemIds;
  const items = dataset.items;
  return {
    ids: [...ids],
    titles: ids.map((id, i) => items?.titles[i] || id),
    genres: ids.map((_, i) => (items?.genres[i] ?? []).map((g) => items!.genreNames[g]!)),
    ...(items?.genreColumn !== undefined ? { genresColumn: items.genreColumn } : {}),
    ...(items?.attributes?.length ? { columns: columnsOf(items.attributes) } : {}),
  };
}

/**
 * The users of a data set: ids, latest training time, attributes (age, gender, occupation) when
 * the source has them, and its user columns (a user file's, or MovieLens's user table as
 * columns: see `userColumns`), which the query features may read.
 */
export function usersOf(dataset: Dataset, data: TrainingData): UserInfo {
  const attributes: UserInfo['attributes'] = {};
  if (dataset.users) {
    attributes.age = Array.from(dataset.users.ages, (a) => (Number.isFinite(a) ? a : null));
    attributes.gender = [...dataset.users.genders];
    attributes.occupation = [...dataset.users.occupations];
  }
  return {
    ids: [...dataset.interactions.userIds],
    lastTimestamp: data.lastTimestamp,
    attributes,
    ...(userColumns(dataset).length ? { columns: columnsOf(userColumns(dataset)) } : {}),
  };
}

/** Options of {@link createRecommender}. */
export interface CreateRecommenderOptions {
  /**
   * The item vectors the candidate tower reads when `spec.itemVectors` is set (required then):
   * `[numItems × dim]` in the data set's item order (`dataset.interactions.itemIds`), or rows by
   * item id (`{ ids, vectors }`; ids outside the data set are kept for new items). A row of zeros
   * is an item without a vector and reads zeros. Default: none.
   */
  itemVectors?: ItemVectorsInput;
}

/**
 * An untrained recommender for a data set: query features fitted on every training row
 * (validation rows included: they are training data, held out only from the retrieval model's
 * gradient steps, so a refit on all training rows and the ranking models share one set of
 * vocabularies), candidate features fitted on the catalogue, towers as the spec says (with the
 * item vectors of `options.itemVectors` when the spec reads them).
 */
export function createRecommender(dataset: Dataset, data: TrainingData, spec: RecommenderSpec, options: CreateRecommenderOptions = {}): Recommender {
  const rows = data.trainRows;
  return Recommender.create(
    spec,
    { users: Array.from(rows, (r) => data.rowUserIds[r]!), timestamps: Float64Array.from(rows, (r) => data.timestamps[r]!) },
    {
      catalogue: catalogueOf(dataset),
      users: usersOf(dataset, data),
      seen: data.seenTrain,
      popularity: data.popularity,
      ...(options.itemVectors !== undefined ? { itemVectors: options.itemVectors } : {}),
    },
  );
}
