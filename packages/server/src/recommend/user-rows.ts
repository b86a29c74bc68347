import type { ServingModel } from '../model/serving-model';
import type { UserIndex } from '../model/user-index';

/**
 * Which query embeddings a user2user or item2user search covers (the request's `rows`):
 * - `'users'`: one row per known user, their query vector at their default time (their latest
 *   training interaction) — a user is scored by that one vector;
 * - `'interactions'`: one row per training interaction (`queries.f32`) — a user is scored by their
 *   best-matching row (what these endpoints searched before `rows` existed).
 */
export type UserRows = 'users' | 'interactions';

/** Every value of {@link UserRows}, the default first. */
export const USER_ROWS = ['users', 'interactions'] as const satisfies readonly UserRows[];

/** The rows searched when a query does not say: one per user. */
export const DEFAULT_USER_ROWS: UserRows = 'users';

/** The distinct-user search over `rows` of `model` (`model.userVectorIndex` or `model.userIndex`). */
export function userIndexFor(model: ServingModel, rows: UserRows): UserIndex {
  return rows === 'interactions' ? model.userIndex : model.userVectorIndex;
}
