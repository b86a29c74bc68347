import type { ColdHistoryLengthChoice, ColdHistoryMetrics, ItemItemChoice } from '@twotower/artifact';
import { ndcgAtK, recallAtK } from '@twotower/eval';
import { orderPopularCandidates, popularCandidates, type ItemItemWeights, type Recommender } from '@twotower/recommender';
import { topKIndices } from '@twotower/utils';
import { withItemScorer } from './item-scorer';
import type { TrainingData } from './training-data';
import { fitPopularityLean } from './fit-lean';
import { byTime } from './by-time';
import { bestChoice, checkBlendWeights } from './weight-choice';

/** Options of {@link chooseColdHistory}. */
export interface ChooseColdHistoryOptions {
  /** Items each held-out user gives (its first fit items by time). Default 5. */
  given?: number;
  /** Blend weights tried for the item-item answer (0: popularity alone). Default [0, 0.25, 0.5, 1, 2, 4, 8, 16]. */
  weights?: number[];
  /**
   * Longer histories the weight is chosen again for (users given their first that many items;
   * each kept when at least `minUsers` users have them; those not above `given` are skipped):
   * the stage's `coldHistory.byLength`. Default [10, 20, 40]; [] keeps one weight for every length.
   */
  lengths?: number[];
  /** Users a length needs to get a weight of its own. Default 50. */
  minUsers?: number;
  /** The most popular items the item-item answer re-orders. Default 100. */
  candidates?: number;
  /** K of the recall@K and nDCG@K the answer is chosen by (nDCG). Default 10. */
  k?: number;
  /** Users embedded per block. Default 256. */
  blockSize?: number;
}

/** nDCG@K and recall@K of the popular items re-ordered by each case's given items, at every weight (the candidates and their scores found once per case). */
function itemItemChoices(cases: ColdCase[], fitWeights: ItemItemWeights, popularity: ArrayLike<number>, weights: number[], candidates: number, k: number): ItemItemChoice[] {
  const sums = weights.map(() => ({ recall: 0, ndcg: 0 }));
  for (const c of cases) {
    const found = popularCandidates(fitWeights, popularity, c.given, { candidates, exclude: c.given });
    weights.forEach((weight, i) => {
      const { items } = orderPopularCandidates(found, weight, k);
      sums[i]!.recall += recallAtK(items, c.relevant, k);
      sums[i]!.ndcg += ndcgAtK(items, c.relevant, k);
    });
  }
  const m = Math.max(1, cases.length);
  return weights.map((weight, i) => ({ weight, recall: sums[i]!.recall / m, ndcg: sums[i]!.ndcg / m }));
}

/** A user of the choice: its given items (first by time) and the rest of its items (the relevant ones). */
interface ColdCase {
  given: Int32Array;
  relevant: Int32Array;
}

/** A user with a validation row: its distinct fit items oldest first, and its validation items. */
interface HeldUser {
  fitItems: number[];
  validation: number[];
}

/** Each user with a validation row (ascending), its fit items in time order: read once, cut at every length. */
function heldUsers(data: TrainingData): HeldUser[] {
  const { users, items } = data.log;
  const held = new Map<number, { fit: number[]; validation: number[] }>();
  for (const r of data.validationRows) {
    const u = users[r]!;
    if (!held.has(u)) held.set(u, { fit: [], validation: [] });
    held.get(u)!.validation.push(items[r]!);
  }
  for (const r of data.fitRows) held.get(users[r]!)?.fit.push(r);
  const oldestFirst = byTime(data.timestamps);
  return [...held]
    .sort((a, b) => a[0] - b[0])
    .map(([, { fit, validation }]) => ({ fitItems: [...new Set(fit.sort(oldestFirst).map((r) => items[r]!))], validation }));
}

/** Each held user as a user the model never saw: its first `given` distinct fit items given, its other fit and validation items to find. */
function coldCases(held: HeldUser[], given: number): ColdCase[] {
  const cases: ColdCase[] = [];
  for (const { fitItems, validation } of held) {
    if (fitItems.length < given) continue;
    const first = new Set(fitItems.slice(0, given));
    const rest = new Set<number>([...fitItems, ...validation].filter((j) => !first.has(j)));
    if (rest.size > 0) cases.push({ given: Int32Array.from(first), relevant: Int32Array.from(rest) });
  }
  return cases;
}

/**
 * Chooses how a user the model never saw is answered from a history alone: each user with a
 * validation row plays one — an unknown id, no time, its first `given` fit items (by time) as the
 * history — and is scored (recall and nDCG at K) on its other fit and validation items, every item
 * but the given ones ranked:
 * - by the query tower (`'towers'`; a tower that reads no history answers each of them as a user
 *   it never saw, every one alike);
 * - by the `candidates` most popular items (fit rows) re-ordered by the given items' scores in
 *   `fitWeights` (`popularByHistory`), at every weight.
 * The answer of the best mean nDCG@K wins (ties: the towers, then the smaller weight). The
 * item-item weight is then chosen again for each of `lengths` (users given their first that many
 * items), while at least `minUsers` users have them: `byLength`, which the stage keeps so that a
 * longer history is blended with its own weight. Call it with item-item weights and towers that
 * have not learned from the validation rows.
 * @param fitWeights item-item weights fitted on the fit rows
 */
export async function chooseColdHistory(rec: Recommender, data: TrainingData, fitWeights: ItemItemWeights, options: ChooseColdHistoryOptions = {}): Promise<ColdHistoryMetrics> {
  const given = options.given ?? 5;
  const weights = options.weights ?? [0, 0.25, 0.5, 1, 2, 4, 8, 16];
  const lengths = options.lengths ?? [10, 20, 40];
  const minUsers = options.minUsers ?? 50;
  const candidates = options.candidates ?? 100;
  const k = options.k ?? 10;
  const block = options.blockSize ?? 256;
  if (!(Number.isInteger(given) && given >= 1)) throw new Error(`chooseColdHistory: given is ${given}; give an integer >= 1`);
  lengths.forEach((l, i) => {
    if (!(Number.isInteger(l) && l >= 1 && (i === 0 || l > lengths[i - 1]!))) throw new Error(`chooseColdHistory: lengths is ${JSON.stringify(lengths)}; give ascending integers >= 1`);
  });
  checkBlendWeights('chooseColdHistory', weights);
  const held = heldUsers(data);
  const cases = coldCases(held, given);
  const towers = { recall: 0, ndcg: 0 };
  const n = data.numItems;
  // the towers answer a stranger as a user without a time: with the popularity lean
  const lean = fitPopularityLean(rec, data);
  await withItemScorer(rec, (scorer) => {
    const scores = new Float32Array(block * n);
    for (let start = 0; start < cases.length; start += block) {
      const part = cases.slice(start, start + block);
      // as serving asks a stranger with a history and no time (now, when the history is a recent one)
      const queries = rec.embedQueries(part.map(() => ''), part.map(() => rec.givenHistoryTime('')), part.map((c) => c.given));
      scorer.score(queries, part.length, scores);
      lean?.addTo(scores, part.length);
      part.forEach((c, b) => {
        const top = topKIndices(scores.subarray(b * n, (b + 1) * n), k, { exclude: c.given });
        towers.recall += recallAtK(top, c.relevant, k);
        towers.ndcg += ndcgAtK(top, c.relevant, k);
      });
    }
  });
  const m = Math.max(1, cases.length);
  const choices = itemItemChoices(cases, fitWeights, data.fitPopularity, weights, candidates, k);
  const best = bestChoice(choices);
  const towerFigures = { recall: towers.recall / m, ndcg: towers.ndcg / m };
  const answer = cases.length > 0 && best.ndcg > towerFigures.ndcg ? 'item-item' : 'towers';
  const byLength: ColdHistoryLengthChoice[] = [];
  for (const from of lengths.filter((l) => l > given)) {
    const longer = coldCases(held, from);
    if (longer.length < minUsers) break;
    const c = itemItemChoices(longer, fitWeights, data.fitPopularity, weights, candidates, k);
    byLength.push({ from, users: longer.length, weight: bestChoice(c).weight, choices: c });
  }
  return { answer, weight: best.weight, candidates, given, k, users: cases.length, towers: towerFigures, choices, ...(byLength.length > 0 ? { byLength } : {}) };
}
