import { buildUserItemCsr } from '@twotower/eval';
import type { Recommender, SeenItems } from '@twotower/recommender';
import { topKIndices } from '@twotower/utils';
import { withItemScorer } from './item-scorer';
import type { TrainingData } from './training-data';

/** Options of {@link forEachUserCandidates}. */
export interface UserCandidatesOptions {
  /** The held-out rows: each of their users is visited, its distinct items as the relevant ones. */
  rows: Int32Array;
  /** Each user's known items: the query tower's history, and left out of the candidates. */
  history: SeenItems;
  /** N: candidates retrieved per user. */
  candidates: number;
  /** Users scored per block. Default 64. */
  blockSize?: number;
}

/**
 * The per-user two-stage protocol's first stage: each user with a row among `rows` (ascending) is
 * queried as a service queries it by default (no time; `history` as its history), and its N best
 * items outside its `history` are handed to `visit` with their retrieval scores and the user's
 * relevant items (those of its rows).
 * @returns the number of users visited
 */
export async function forEachUserCandidates(
  rec: Recommender,
  data: TrainingData,
  options: UserCandidatesOptions,
  visit: (user: number, found: Int32Array, retrieval: Float32Array, relevant: Int32Array) => void,
): Promise<number> {
  const block = options.blockSize ?? 64;
  const relevant = buildUserItemCsr(data.log.users, data.log.items, options.rows, data.numUsers, data.numItems);
  const users = Int32Array.from({ length: data.numUsers }, (_, u) => u).filter((u) => relevant.offsets[u + 1]! > relevant.offsets[u]!);
  const { offsets, items: known } = options.history;
  await withItemScorer(rec, (scorer) => {
    const numItems = data.numItems;
    const scores = new Float32Array(block * numItems);
    for (let start = 0; start < users.length; start += block) {
      const part = users.subarray(start, Math.min(users.length, start + block));
      scorer.score(rec.embedQueries(Array.from(part, (u) => data.log.userIds[u]!), undefined, options.history), part.length, scores);
      part.forEach((u, b) => {
        const row = scores.subarray(b * numItems, (b + 1) * numItems);
        const found = topKIndices(row, options.candidates, { exclude: known.subarray(offsets[u]!, offsets[u + 1]!) });
        visit(u, found, Float32Array.from(found, (j) => row[j]!), relevant.items.subarray(relevant.offsets[u]!, relevant.offsets[u + 1]!));
      });
    }
  });
  return users.length;
}
