import { userColumns as userColumnsOf, type AttributeColumn, type Dataset } from '@twotower/data';
import { inferCandidateSpecs, inferQuerySpecs, type ColumnDescription, type FeatureSpec, type InferSpecsOptions } from '@twotower/features';
import { attributeSource } from '@twotower/recommender';
import type { TrainingData } from './training-data';

/** Options of {@link inferFeatures}: which of the columns there are become features, and their sizes. */
export interface InferFeaturesOptions extends InferSpecsOptions {
  /** Query tower: the timestamp (buckets and standardised), when the log has times. Default true. */
  timestamp?: boolean;
  /** Candidate tower: the catalogue's titles as text, when it has titles. Default true. */
  titleText?: boolean;
  /** Largest title vocabulary. Default 10,000. */
  maxTitleTokens?: number;
  /** Candidate tower: the catalogue's genres (categories), when it has them. Default true. */
  genres?: boolean;
  /** Both towers: the catalogue's other columns and the user file's columns. Default true. */
  attributes?: boolean;
  /**
   * Query tower: MovieLens's user table (age, gender, occupation, zip prefix) as user columns,
   * when the data set has no user file of its own (with `attributes`). Default false.
   */
  userTable?: boolean;
}

/** The features {@link inferFeatures} chose, and the columns it left out with why. */
export interface InferredFeatures {
  query: FeatureSpec[];
  candidate: FeatureSpec[];
  /** One line per column not made a feature, e.g. `item column colour: one value`. */
  skipped: string[];
}

/** Distinct known values of a column (up to 2 are enough to be a feature). */
function distinct(c: AttributeColumn): number {
  const seen = new Set<string | number>();
  for (const v of c.values) {
    if (v === null || (typeof v === 'number' && !Number.isFinite(v))) continue;
    seen.add(v);
    if (seen.size > 1) break;
  }
  return seen.size;
}

/**
 * The features of the columns a data set has — MovieLens is one catalogue among others:
 * - query tower: the user id; the timestamp when the log has times (`timestamp`); a user
 *   file's columns (`attributes`), named `user_<column>`;
 * - candidate tower: the item id; the catalogue's titles as text when it has titles
 *   (`titleText`; named after the title column: `title_text`, `name_text`...); its genres or
 *   categories as one token per combination when it has any (`genres`; named after their
 *   column); its other columns (`attributes`) by kind — text, labels, category, number.
 * A column with fewer than two distinct values is left out (it cannot tell items apart). With
 * MovieLens's columns and options these are exactly `movieLensQuerySpecs` /
 * `movieLensCandidateSpecs` and the genre combination.
 */
export function inferFeatures(dataset: Dataset, data: Pick<TrainingData, 'hasTimestamps'>, options: InferFeaturesOptions = {}): InferredFeatures {
  const skipped: string[] = [];
  const usable = (side: string, c: AttributeColumn) => {
    if (distinct(c) > 1) return true;
    skipped.push(`${side} column ${c.name}: ${distinct(c) === 0 ? 'no values' : 'one value'}`);
    return false;
  };
  const attributes = options.attributes ?? true;
  const userColumns: ColumnDescription[] = attributes
    ? (options.userTable ? userColumnsOf(dataset) : (dataset.userAttributes ?? [])).filter((c) => usable('user', c)).map((c) => ({ name: `user_${c.name}`, source: attributeSource('user', c.name), kind: c.kind }))
    : [];
  const timestamp = (options.timestamp ?? true) && data.hasTimestamps ? 'timestamp' : undefined;
  const query = inferQuerySpecs({ user: 'user', ...(timestamp ? { timestamp } : {}), columns: userColumns }, options);

  const items = dataset.items;
  const columns: ColumnDescription[] = [];
  if (items && (options.titleText ?? true) && items.titles.some((t) => t.length > 0)) {
    columns.push({ name: items.titleColumn ?? 'title', source: 'title', kind: 'text', maxTokens: options.maxTitleTokens ?? options.maxTextTokens ?? 10_000 });
  }
  if (items && (options.genres ?? true)) {
    const first = items.genres.find((g) => g.length > 0);
    if (first) columns.push({ name: items.genreColumn ?? 'genres', source: 'genres', kind: 'categories', example: first.map((g) => items.genreNames[g]).join('|') });
  }
  if (attributes) {
    for (const c of items?.attributes ?? []) if (usable('item', c)) columns.push({ name: c.name, source: attributeSource('item', c.name), kind: c.kind });
  }
  const candidate = inferCandidateSpecs({ item: 'item', columns }, options);
  return { query, candidate, skipped };
}
