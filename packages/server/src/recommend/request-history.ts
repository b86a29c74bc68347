import { appendedHistory } from '@twotower/recommender';
import { ServingError } from '../errors';
import type { ServingModel } from '../model/serving-model';
import { badTimestamp, finiteRow } from './query-vectors';
import type { RequestAttributes } from './query-attributes';

/** A user-items query's `history`, resolved against the model. */
export interface RequestHistory {
  /** Every id of the history (what the answer leaves out). */
  ids: readonly string[];
  /** Catalogue indices of its items, distinct, in the order given: what the query tower can read. */
  items: number[];
  /** Its items added after training (`POST /admin/items`): known, but not rows of the history input. */
  added: string[];
}

/**
 * Resolves the ids of a query's `history`: catalogue items (readable by the query tower's history
 * input) and items added after training (not readable: the history input has a row per catalogue
 * item only). An id the model serves neither way is a 400 naming its field (`/history/<i>`, the
 * first one's) and every such id.
 * @param isAdded whether an id outside the catalogue is an item added after training (default: one of `model.added`)
 */
export function resolveHistory(model: ServingModel, history: readonly string[], isAdded: (id: string) => boolean = (id) => model.added.row(id) >= 0): RequestHistory | ServingError {
  const rec = model.recommender;
  const items: number[] = [];
  const taken = new Set<number>();
  const added: string[] = [];
  const unknown: Array<{ id: string; at: number }> = [];
  history.forEach((id, at) => {
    const i = rec.itemIndex(id);
    if (i >= 0) {
      if (!taken.has(i)) items.push(i);
      taken.add(i);
    } else if (isAdded(id)) added.push(id);
    else unknown.push({ id, at });
  });
  if (unknown.length > 0) return unknownHistoryItems(unknown);
  return { ids: history, items, added };
}

/** 400 for history ids the model does not know, naming the first one's field and every id. */
function unknownHistoryItems(unknown: ReadonlyArray<{ id: string; at: number }>): ServingError {
  const shown = unknown
    .slice(0, 10)
    .map((u) => `${JSON.stringify(u.id)} (/history/${u.at})`)
    .join(', ');
  const more = unknown.length > 10 ? `, ... (${unknown.length} in all)` : '';
  const one = unknown.length === 1;
  return new ServingError(
    400,
    'BAD_REQUEST',
    `history item${one ? '' : 's'} ${shown}${more} ${one ? 'is' : 'are'} not in the model's catalogue: check the id${one ? '' : 's'}, or leave ${one ? 'it' : 'them'} out of the history (an item the model does not know says nothing about the user to it; POST /admin/items adds an item to the catalogue served)`,
    { field: `/history/${unknown[0]!.at}`, ids: unknown.map((u) => u.id) },
  );
}

/**
 * Whether the query tower reads a query's history: the model has a history input, and the user is
 * known (the history replaces its training items) or the history has a catalogue item.
 */
export function readsHistory(model: ServingModel, h: RequestHistory | undefined, knownUser: boolean): h is RequestHistory {
  return h !== undefined && model.recommender.historyLength > 0 && (knownUser || h.items.length > 0);
}

/**
 * The note on a history's items added after training (`POST /admin/items`): how many, the first
 * three ids, and that `what` no row for them, so they were not read.
 */
export function addedItemsNote(h: RequestHistory, what: string): string {
  const ids = `${h.added.slice(0, 3).map((id) => JSON.stringify(id)).join(', ')}${h.added.length > 3 ? ', ...' : ''}`;
  return `${h.added.length} of the history's items were added after training (${ids}): ${what} no row for them, so they were not read`;
}

/**
 * What an answer says of the history it was given: `historyUsed`, how many items the query tower
 * read (0 when the model has no history input; at most its history length), and a `note` when
 * some or all of the history was not read, saying why. `answeredWith` is how the query was
 * answered: from the history, from the known user's own embedding, from the attributes given (a
 * user the model never saw), or by popularity.
 */
export function historyFields(model: ServingModel, h: RequestHistory, answeredWith: 'history' | 'user' | 'popularity' | 'attributes'): { historyUsed: number; note?: string } {
  const length = model.recommender.historyLength;
  if (length === 0 || answeredWith !== 'history') {
    const why =
      length === 0
        ? 'the model has no history input (it was trained without one), so the history was not read'
        : 'none of the history\'s items is in the catalogue the model was trained with, so the query tower had nothing to read';
    const from = answeredWith === 'popularity' ? 'is the popularity cold start' : answeredWith === 'attributes' ? 'comes from the attributes given' : "comes from the user's own embedding";
    const then = `the answer ${from}, the history's items left out`;
    return { historyUsed: 0, note: `${why}: ${then}` };
  }
  const used = Math.min(h.items.length, length);
  const notes: string[] = [];
  if (h.added.length > 0) notes.push(addedItemsNote(h, 'the history input has'));
  if (h.items.length > length) notes.push(`the history has ${h.items.length} items the model can read, more than its history length ${length}: it read an evenly spaced subset of ${length}`);
  return notes.length > 0 ? { historyUsed: used, note: notes.join('; ') } : { historyUsed: used };
}

/**
 * The query-tower embeddings `[positions × dim]` of the queries at `positions` from their
 * histories (see {@link answerFromHistories}) and attributes, in one call, and the time each is
 * answered at (`[positions]`: the query's, else the known user's latest training time, else the
 * latest of all). A query without a history reads the known user's training items (none for a user
 * the model never saw); one with `attributes` reads them in place of the user file's. Rows are not
 * finite for a timestamp far outside the training times.
 */
export function embedHistories<Q extends { user: string; timestamp?: number; historyMode?: 'replace' | 'append' }>(
  model: ServingModel,
  queries: readonly Q[],
  positions: readonly number[],
  histories: ReadonlyArray<RequestHistory | undefined>,
  attributes: ReadonlyArray<RequestAttributes | undefined> = [],
): { vectors: Float32Array; timestamps: Float64Array } {
  const rec = model.recommender;
  const users = positions.map((i) => queries[i]!.user);
  const timestamps = Float64Array.from(positions, (i) => queries[i]!.timestamp ?? rec.defaultTimestamp(queries[i]!.user));
  const lists = positions.map((i) => {
    const h = histories[i];
    const u = rec.userIndex(queries[i]!.user);
    // a recent history (spec.history.recent): the user's last training items before the query's time, newer ones after them
    const t = queries[i]!.timestamp;
    if (h) return u >= 0 && queries[i]!.historyMode === 'append' ? appendedHistory(rec.historyOf(u, t), h.items, rec.historyLength, { latest: rec.spec.history?.recent === true }) : h.items;
    return u >= 0 ? rec.historyOf(u, t) : [];
  });
  const given = attributes.length > 0 ? positions.map((i) => attributes[i]?.given) : undefined;
  // a query without a time reads none on a model trained with timeDropout (NaN: see embedQueries);
  // one that brings a history to a model with a recent history is asked now, so that it reads it
  const times = Float64Array.from(positions, (i) => queries[i]!.timestamp ?? (histories[i] ? rec.givenHistoryTime(queries[i]!.user) : NaN));
  const vectors = rec.embedQueries(users, times, lists, given);
  return { vectors, timestamps };
}

/**
 * For the queries answered from their history or attributes: embeds each (its user, at its time —
 * default the known user's latest training time, else the latest of all — from its history's
 * catalogue items, which replace a known user's training items, and its attributes, which replace
 * the user file's; an unknown user's id reads the OOV slot) in one query-tower call, and hands each
 * query its vector `[dim]`; a query whose vector is not finite (a timestamp far outside the
 * training times) is answered with `badTimestamp` instead.
 * @param positions positions in `queries` of the queries to answer
 * @param histories the resolved history of each query, by position (none: the known user's training items)
 * @param out answers by query position, filled in place
 * @param attributes the resolved attributes of each query, by position (default none)
 */
export function answerFromHistories<Q extends { user: string; timestamp?: number; historyMode?: 'replace' | 'append' }, R>(
  model: ServingModel,
  queries: readonly Q[],
  positions: readonly number[],
  histories: ReadonlyArray<RequestHistory | undefined>,
  out: Array<R | ServingError>,
  answer: (q: Q, vector: Float32Array, timestamp: number, position: number) => R | ServingError,
  attributes: ReadonlyArray<RequestAttributes | undefined> = [],
): void {
  if (positions.length === 0) return;
  const d = model.dim;
  const { vectors, timestamps } = embedHistories(model, queries, positions, histories, attributes);
  positions.forEach((qi, j) => {
    const q = queries[qi]!;
    out[qi] = finiteRow(vectors, j, d) ? answer(q, vectors.subarray(j * d, (j + 1) * d), timestamps[j]!, qi) : badTimestamp(q.timestamp);
  });
}
