import type { TowerBatch } from '@twotower/towers';
import { missingStatistics } from './create-ranking-model';
import type { HistorySource } from './history';
import { rankingInputParts, rankingInputsFrom, type PairVectors, type RankingInputs, type RankingInputSources } from './ranking-inputs';
import type { Recommender } from './recommender';

/** The body of `Recommender.rankingInputs` (its arguments documented there): each input computed only when `inputs` reads it. */
export function rankingInputsOf(
  rec: Recommender,
  users: ArrayLike<string>,
  items: ArrayLike<number>,
  timestamps: ArrayLike<number>,
  inputs: RankingInputs,
  options: { leaveOut?: ArrayLike<number>; vectors?: PairVectors; history?: HistorySource },
): { query: TowerBatch; candidate: TowerBatch } {
  const parts = rankingInputParts(inputs);
  const n = users.length;
  if (items.length !== n || timestamps.length !== n) {
    throw new Error(`rankingInputs: ${n} users, ${items.length} items and ${timestamps.length} timestamps; give one of each per pair`);
  }
  const sources: RankingInputSources = {};
  if (parts.features) sources.features = { query: rec.queryBatch(users, timestamps, false), candidate: rec.candidatesFor(items) };
  if (parts.retrieval) {
    sources.vectors = options.vectors ?? rec.embedPairs(users, items, timestamps, options.history);
    sources.popularity = Float32Array.from(items, (j) => rec.popularity[j] ?? 0);
    sources.activity = Int32Array.from({ length: n }, (_, i) => rec.seenItems(rec.userIndex(users[i]!)).length);
  }
  if (parts.statistics) {
    const stats = rec.models.ratingStatistics;
    if (!stats) throw missingStatistics(inputs);
    const userIdx = Int32Array.from({ length: n }, (_, i) => rec.userIndex(users[i]!));
    sources.statistics = stats.features(userIdx, items, options.leaveOut);
  }
  return rankingInputsFrom(n, inputs, sources);
}
