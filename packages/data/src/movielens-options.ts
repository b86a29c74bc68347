import type { TextEncoding } from './line-reader';
import type { BadRowOptions } from './read-report';

/** Options of the MovieLens readers. */
export interface MovieLensOptions extends BadRowOptions {
  /** Read item metadata (titles, genres) when the directory has it. Default `true`. */
  readItems?: boolean;
  /** Read user metadata (age, gender, occupation, zip) when the layout has it. Default `true`. */
  readUsers?: boolean;
  /** Text encoding of the files. Default: the layout's own (Latin-1 for 100K and 1M, UTF-8 for the CSV releases). */
  encoding?: TextEncoding;
  /** Name of the data set in the result. Default: the directory's base name. */
  name?: string;
}
