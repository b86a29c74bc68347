import type { ModelMetrics } from '@twotower/artifact';
import type { ReportSection } from '@twotower/viz';

/** The weights chosen again for longer histories, as a sentence (empty without them). */
function longer(c: NonNullable<NonNullable<ModelMetrics['itemItem']>['coldHistory']>): string {
  if (c.answer !== 'item-item' || !c.byLength?.length) return '';
  const at = (b: (typeof c.byLength)[number], w: number) => b.choices.find((x) => x.weight === w)?.ndcg.toFixed(4) ?? '-';
  const parts = c.byLength.map((b) => `${b.from} or more items, weight ${b.weight} (chosen on the ${b.users} users with ${b.from}: nDCG@${c.k} ${at(b, b.weight)}, ${at(b, c.weight)} at weight ${c.weight})`);
  return ` Longer histories are blended with weights chosen on the users who have that many items: ${parts.join('; ')}.`;
}

/**
 * How the run chose to answer a user the model never saw from a history alone (`metrics.json`
 * `itemItem.coldHistory`): the query tower, popularity alone and the popular items re-ordered by
 * the item-item stage, on the validation users given their first items; undefined when no
 * choice was made. `towerReadsHistory` false labels the tower's row as the one list it gives
 * every stranger.
 */
export function coldHistorySection(m: ModelMetrics, towerReadsHistory = true): ReportSection | undefined {
  const c = m.itemItem?.coldHistory;
  if (!c) return undefined;
  const tower = towerReadsHistory ? 'query tower' : "query tower (reads no history: the unknown user's list for all)";
  const chosen = c.choices.find((x) => x.weight === c.weight);
  const popularity = c.choices.find((x) => x.weight === 0);
  const answer = c.answer === 'item-item' ? `the ${c.candidates} most popular items re-ordered by the history (weight ${c.weight})` : 'the query tower';
  return {
    kind: 'table',
    id: 'cold-history',
    title: 'Users the model never saw, from a history alone',
    description: `Each of ${c.users} validation users played a stranger: an unknown id, no time, only its first ${c.given} training items by time; scored on its other items. The served answer for such users is the best nDCG@${c.k}: ${answer}.${longer(c)}`,
    columns: ['answer', `recall@${c.k}`, `ndcg@${c.k}`],
    rows: [
      [tower, c.towers.recall, c.towers.ndcg],
      ...(popularity ? [['popularity alone', popularity.recall, popularity.ndcg]] : []),
      ...(chosen && chosen.weight !== 0 ? [[`popular items re-ordered by the history (weight ${chosen.weight})`, chosen.recall, chosen.ndcg]] : []),
    ],
    best: { [`recall@${c.k}`]: 'max', [`ndcg@${c.k}`]: 'max' },
  };
}
