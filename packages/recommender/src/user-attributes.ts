import { labelsSource } from '@twotower/features';
import { attributeSource, type AttributeColumn, type GivenAttributes } from './attribute-columns';

/** What the query tower makes of user attributes given with a query (see {@link checkGivenAttributes}). */
export interface GivenAttributesCheck {
  /** Names the query features read, in the order given. */
  used: string[];
  /** Names not read, each with why: not a column of the model's user file, or a column its features do not read. */
  unread: Array<{ name: string; why: string }>;
  /** Values of the wrong kind, each naming the column and what to send. */
  errors: Array<{ name: string; message: string }>;
}

/**
 * Checks user attributes given with a query against the user file's columns the model has and the
 * sources its query features read. A number column takes a number (or `null`: missing); a
 * category, labels or text column a string (a number is read as its decimal text, e.g. a zip
 * prefix), labels joined by `|`. A name that is not a column, or one the features do not read,
 * is not an error: it is reported unread (the tower cannot use it).
 * @param columns the model's user columns (`UserInfo.columns`; none when it was trained without a user file)
 * @param sources the query features' sources (`FeatureSet.sources`: `user.<name>` for a column read)
 */
export function checkGivenAttributes(columns: readonly AttributeColumn[] | undefined, sources: readonly string[], given: GivenAttributes): GivenAttributesCheck {
  const read = new Set(sources);
  const out: GivenAttributesCheck = { used: [], unread: [], errors: [] };
  for (const [name, value] of Object.entries(given)) {
    const column = columns?.find((c) => c.name === name);
    if (!column) {
      const known = (columns ?? []).map((c) => c.name);
      out.unread.push({ name, why: known.length > 0 ? `not a column of the model's user file (${known.join(', ')})` : 'the model was trained without user attributes' });
      continue;
    }
    const source = attributeSource('user', name);
    if (!read.has(source) && !read.has(labelsSource(source))) {
      out.unread.push({ name, why: 'a column of the user file that the query tower does not read' });
      continue;
    }
    if (value !== null && column.kind === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) {
      out.errors.push({ name, message: `user attribute ${JSON.stringify(name)} is a number column: give a finite number, or null for missing (got ${JSON.stringify(value)})` });
      continue;
    }
    out.used.push(name);
  }
  return out;
}
