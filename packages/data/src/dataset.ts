import type { AttributeColumn } from './attribute-kind';
import type { Interactions } from './interactions';
import type { ReadReport } from './read-report';

/**
 * Item metadata aligned with `Interactions.itemIds`: entry `j` describes item index `j`.
 * Items a log mentions but the catalogue lacks get an empty title and no genres (and are
 * counted in the read report).
 */
export interface ItemCatalogue {
  /** Title of each item (MovieLens: "Toy Story (1995)"); `''` when unknown. */
  readonly titles: readonly string[];
  /** Names of the genres, in the source's order (ML-100K: "unknown", "Action", ...). */
  readonly genreNames: readonly string[];
  /** Genre indices (into `genreNames`) of each item; empty when none. */
  readonly genres: readonly (readonly number[])[];
  /** The catalogue file's column the titles come from, when read from a generic catalogue (MovieLens: none, `title`). */
  readonly titleColumn?: string;
  /** The catalogue file's column the genres (categories) come from, when read from a generic catalogue (MovieLens: none, `genres`). */
  readonly genreColumn?: string;
  /** The catalogue's other columns (price, brand, description...), aligned with the item ids; `null` where an item has none. */
  readonly attributes?: readonly AttributeColumn[];
}

/**
 * User metadata aligned with `Interactions.userIds` (MovieLens 100K and 1M ship it). Fields the
 * source lacks are `NaN` / `''`.
 */
export interface UserTable {
  /** Age in years (ML-100K) or the ML-1M age-group code (1, 18, 25, 35, 45, 50, 56); `NaN` when unknown. */
  readonly ages: Float32Array;
  /** "M" / "F" as in the source; `''` when unknown. */
  readonly genders: readonly string[];
  /** Occupation: a name (ML-100K) or a code as a string (ML-1M); `''` when unknown. */
  readonly occupations: readonly string[];
  /** Zip code as in the source; `''` when unknown. */
  readonly zipCodes: readonly string[];
}

/** An interaction log with whatever metadata its source provides, and how reading went. */
export interface Dataset {
  /** Short name of the source, e.g. "ml-100k", or the file name for generic logs. */
  readonly name: string;
  /** The interactions. */
  readonly interactions: Interactions;
  /** Item metadata, when the source has it. */
  readonly items?: ItemCatalogue;
  /** User metadata, when the source has it. */
  readonly users?: UserTable;
  /** The columns of a generic user file (age, country, plan...), aligned with the user ids; `null` where a user has none. */
  readonly userAttributes?: readonly AttributeColumn[];
  /** One report per file read: rows, bad rows and why. */
  readonly reports: readonly ReadReport[];
}
