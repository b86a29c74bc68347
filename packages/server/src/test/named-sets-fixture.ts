/**
 * The named embedding sets and segmentations of fixture model N (see `buildFixtureArtifact`'s
 * `namedSets`): vectors with a known cosine neighbour order, and segments by a known rule, so the
 * tests can compute every expected answer from the rules below rather than from the server.
 */
import type { ModelDirectoryWriter, SegmentsInfo } from '@twotower/artifact';

/** Catalogue items (by index) the `item2vec` set has no row for, and the one whose row is all zeros. */
export const ITEM2VEC_ABSENT = [38, 39];
export const ITEM2VEC_ZERO = 37;
/** Width of the `item2vec` and `users` sets. */
export const ITEM2VEC_DIM = 4;
export const USERS_DIM = 3;

/** Angle of catalogue item `i` in `item2vec`: gaps grow with i, so every neighbour order is strict. */
export const itemAngle = (i: number) => (0.003 * i * (i + 1)) / 2;
/** Angle of user `u` in `users`. */
export const userAngle = (u: number) => (0.002 * u * (u + 1)) / 2;

/** Whether catalogue item `i` has a vector in `item2vec`. */
export const inItem2vec = (i: number) => i !== ITEM2VEC_ZERO && !ITEM2VEC_ABSENT.includes(i);

/** Segment rules: candidates by catalogue index mod 3, item2vec halves, users by parity. */
export const candidatesSegment = (i: number) => i % 3;
export const item2vecSegment = (i: number) => (i < 19 ? 0 : 1);
export const usersSegment = (u: number) => u % 2;

/** The catalogue items `item2vec` ranks for item `i` by cosine (= by angle gap), best first, `i` and `exclude` left out. */
export function plantedItemOrder(i: number, numItems: number, exclude: readonly number[] = []): number[] {
  return Array.from({ length: numItems }, (_, j) => j)
    .filter((j) => j !== i && inItem2vec(j) && !exclude.includes(j))
    .sort((a, b) => Math.abs(itemAngle(a) - itemAngle(i)) - Math.abs(itemAngle(b) - itemAngle(i)));
}

/** The users `users` ranks for user `u` by cosine, best first, `u` left out. */
export function plantedUserOrder(u: number, numUsers: number): number[] {
  return Array.from({ length: numUsers }, (_, v) => v)
    .filter((v) => v !== u)
    .sort((a, b) => Math.abs(userAngle(a) - userAngle(u)) - Math.abs(userAngle(b) - userAngle(u)));
}

function info(set: string, of: 'items' | 'users', ids: readonly string[], assignments: Int32Array, k: number): SegmentsInfo {
  const segments = Array.from({ length: k }, (_, s) => {
    const members = ids.filter((_, r) => assignments[r] === s);
    return { id: s, size: members.length, share: members.length / ids.length, topLabels: [{ label: `label-${s}`, count: members.length, share: 1, lift: 1 }], topMembers: members.slice(0, 3) };
  });
  return { set, of, k, method: 'k-means', metric: 'cosine', inertia: 1.5, silhouette: 0.42, chosenBy: 'given', segments };
}

/**
 * Writes `item2vec` (rows in reverse catalogue order, items 38 and 39 absent, item 37 all zeros;
 * item i at angle {@link itemAngle} with length 1 + i mod 3, so that dot product and cosine
 * differ), `users` (one row per user, at {@link userAngle}) and the segmentations of
 * `candidates`, `item2vec` and `users`. Call after the recommender wrote `candidates`.
 */
export function writeNamedSets(writer: ModelDirectoryWriter, items: readonly string[], users: readonly string[]): void {
  const itemRows = Array.from({ length: items.length }, (_, i) => i)
    .filter((i) => !ITEM2VEC_ABSENT.includes(i))
    .reverse();
  const item2vec = new Float32Array(itemRows.length * ITEM2VEC_DIM);
  itemRows.forEach((i, r) => {
    if (i === ITEM2VEC_ZERO) return;
    const scale = 1 + (i % 3);
    item2vec.set([scale * Math.cos(itemAngle(i)), scale * Math.sin(itemAngle(i)), 0, 0], r * ITEM2VEC_DIM);
  });
  const itemIds = itemRows.map((i) => items[i]!);
  writer.embeddingSet('item2vec', itemIds, item2vec, ITEM2VEC_DIM, { of: 'items', method: 'item2vec', options: { window: 5 }, seconds: 0.1 });
  const userVectors = new Float32Array(users.length * USERS_DIM);
  users.forEach((_, u) => userVectors.set([Math.cos(userAngle(u)), Math.sin(userAngle(u)), 0], u * USERS_DIM));
  writer.embeddingSet('users', users, userVectors, USERS_DIM, { of: 'users', method: 'deepwalk', seconds: 0.1 });
  const cand = Int32Array.from(items, (_, i) => candidatesSegment(i));
  writer.segments(info('candidates', 'items', items, cand, 3), cand);
  // the item without a vector is in no segment (-1), as the trainer writes it
  const i2v = Int32Array.from(itemRows, (i) => (i === ITEM2VEC_ZERO ? -1 : item2vecSegment(i)));
  writer.segments(info('item2vec', 'items', itemIds, i2v, 2), i2v);
  const us = Int32Array.from(users, (_, u) => usersSegment(u));
  writer.segments(info('users', 'users', users, us, 2), us);
}
