import type { ModelMetrics } from '@twotower/artifact';
import type { ReportSection } from '@twotower/viz';

/**
 * How the run chose to answer a user the model never saw from a history alone (`metrics.json`
 * `itemItem.coldHistory`): the query tower, popularity alone and the popular items re-ordered by
 * the item-item stage, on the validation users given their first items; undefined when no
 * choice was made.
 */
export function coldHistorySection(m: ModelMetrics): ReportSection | undefined {
  const c = m.itemItem?.coldHistory;
  if (!c) return undefined;
  const chosen = c.choices.find((x) => x.weight === c.weight);
  const popularity = c.choices.find((x) => x.weight === 0);
  const answer = c.answer === 'item-item' ? `the ${c.candidates} most popular items re-ordered by the history (weight ${c.weight})` : 'the query tower';
  return {
    kind: 'table',
    id: 'cold-history',
    title: 'Users the model never saw, from a history alone',
    description: `Each of ${c.users} validation users played a stranger: an unknown id, no time, only its first ${c.given} training items by time; scored on its other items. The served answer for such users is the best nDCG@${c.k}: ${answer}.`,
    columns: ['answer', `recall@${c.k}`, `ndcg@${c.k}`],
    rows: [
      ['query tower', c.towers.recall, c.towers.ndcg],
      ...(popularity ? [['popularity alone', popularity.recall, popularity.ndcg]] : []),
      ...(chosen && chosen.weight !== 0 ? [[`popular items re-ordered by the history (weight ${chosen.weight})`, chosen.recall, chosen.ndcg]] : []),
    ],
    best: { [`recall@${c.k}`]: 'max', [`ndcg@${c.k}`]: 'max' },
  };
}
