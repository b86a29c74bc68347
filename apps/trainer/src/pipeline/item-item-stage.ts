import type { ItemItemMetrics } from '@twotower/artifact';
import { EASE_MAX_ITEMS } from '@twotower/eval';
import type { Recommender } from '@twotower/recommender';
import { fitItemItem, type TrainingData } from '@twotower/training';
import type { TrainConfig } from '../config/schema';

/**
 * Fits the item-item second stage when the config asks for it and the data allows it (validation
 * rows to choose its weight on; a catalogue EASE accepts), printing what it chose or why it was
 * skipped. Call it before a refit: the weight is chosen on rows the towers have not learned.
 */
export async function trainItemItem(config: TrainConfig, rec: Recommender, data: TrainingData, print: (line: string) => void): Promise<ItemItemMetrics | undefined> {
  const c = config.itemItem;
  if (!c.enabled) return undefined;
  if (data.validationRows.length === 0) {
    print('item-item stage skipped: it chooses its weight on held-out interactions (set split.validationFraction > 0)');
    return undefined;
  }
  if (data.numItems > EASE_MAX_ITEMS) {
    print(`item-item stage skipped: ${data.numItems} items, above the ${EASE_MAX_ITEMS} EASE fits (set itemItem.enabled false to silence this)`);
    return undefined;
  }
  const fit = await fitItemItem(rec, data, { lambda: c.lambda, neighbours: c.neighbours, weights: c.weights, candidates: c.candidates, ...(c.coldHistory ? {} : { coldHistory: false }) });
  const tried = fit.choices.map((x) => `${x.weight}: ${x.ndcg.toFixed(4)}`).join(', ');
  print(`item-item stage: EASE (lambda ${fit.lambda}) kept to ${fit.neighbours} neighbours per item; blend weight ${fit.weight} chosen on ${fit.users} validation users (nDCG@${fit.k} of the top ${fit.candidates} re-ranked, by weight: ${tried}); ${fit.seconds.toFixed(1)} s`);
  const cold = fit.coldHistory;
  if (cold) {
    const best = cold.choices.find((x) => x.weight === cold.weight)!;
    const answer = cold.answer === 'item-item' ? `the ${cold.candidates} most popular items re-ordered by the history (weight ${cold.weight})` : 'the query tower';
    print(
      `cold users (a history alone): ${answer}, chosen on ${cold.users} validation users given their first ${cold.given} items (nDCG@${cold.k}: query tower ${cold.towers.ndcg.toFixed(4)}, popular re-ordered ${best.ndcg.toFixed(4)}, popularity alone ${cold.choices.find((x) => x.weight === 0)?.ndcg.toFixed(4) ?? 'not tried'})`,
    );
    if (cold.answer === 'item-item' && cold.byLength) {
      const at = (b: NonNullable<typeof cold.byLength>[number], w: number) => b.choices.find((x) => x.weight === w)?.ndcg.toFixed(4);
      print(`  longer histories: ${cold.byLength.map((b) => `${b.from}+ items weight ${b.weight} (${b.users} users, nDCG@${cold.k} ${at(b, b.weight)}; at weight ${cold.weight} ${at(b, cold.weight)})`).join('; ')}`);
    }
  }
  return fit;
}
