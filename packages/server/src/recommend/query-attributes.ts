import type { GivenAttributes } from '@twotower/recommender';
import { ServingError } from '../errors';
import type { ServingModel } from '../model/serving-model';

/** A user-items query's `attributes`, checked against the model. */
export interface RequestAttributes {
  /** The values as given (the query tower reads those in `used`). */
  given: GivenAttributes;
  /** Names the query tower reads, in the order given. */
  used: string[];
  /** Names it does not read, each with why. */
  unread: Array<{ name: string; why: string }>;
}

/**
 * Checks a query's `attributes` against the user columns the model's query tower reads: a value of
 * the wrong kind (a number column given text) is a 400 naming `/attributes/<name>` and what to
 * send; names the tower does not read are kept, with why, for the answer's note.
 */
export function resolveAttributes(model: ServingModel, given: GivenAttributes): RequestAttributes | ServingError {
  const check = model.recommender.checkUserAttributes(given);
  if (check.errors.length > 0) {
    const first = check.errors[0]!;
    return new ServingError(400, 'BAD_REQUEST', check.errors.map((e) => e.message).join('; '), { field: `/attributes/${first.name}` });
  }
  return { given, used: check.used, unread: check.unread };
}

/** Whether a query's attributes change its query embedding (the tower reads at least one of them). */
export function readsAttributes(a: RequestAttributes | undefined): a is RequestAttributes {
  return a !== undefined && a.used.length > 0;
}

/**
 * What an answer says of the attributes it was given: `attributesUsed` (the names read; none when
 * the query was answered without the query tower, by popularity) and, for names not read, a note
 * saying why. `embedded`: the query tower embedded this query (else it was answered by popularity).
 */
export function attributeFields(a: RequestAttributes, embedded: boolean): { attributesUsed: string[]; note?: string } {
  const notes = a.unread.map((u) => `attribute ${JSON.stringify(u.name)} was not read: ${u.why}`);
  if (!embedded && a.used.length > 0) notes.push('the answer is the popularity cold start, so no attribute was read');
  return notes.length > 0 ? { attributesUsed: embedded ? a.used : [], note: notes.join('; ') } : { attributesUsed: a.used };
}

/** Joins the `note` of two answer parts (history and attributes), keeping the other fields of both. */
export function withNotes<A extends { note?: string }, B extends { note?: string }>(a: A, b: B): A & B {
  const notes = [a.note, b.note].filter((n): n is string => n !== undefined);
  const merged = { ...a, ...b };
  if (notes.length > 0) merged.note = notes.join('; ');
  return merged;
}
