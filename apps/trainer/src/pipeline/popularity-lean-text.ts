import type { PopularityLeanMetrics } from '@twotower/artifact';

/**
 * One sentence on the popularity lean of a user's recommendations and the validation figures
 * that chose it: printed by `train`, and under the report's main table.
 */
export function popularityLeanText(m: PopularityLeanMetrics | undefined): string {
  if (!m) return '';
  const what = m.weight > 0 ? `${m.weight} × ln(1 + training interactions) added to each item's score when a user is queried without a time (the per-user figures; the per-row figures read a time and no lean)` : 'none';
  if (m.users === 0 || m.choices.length === 0) return `Popularity lean: ${what}${m.weight > 0 ? ', as configured' : ''}.`;
  const at = (w: number) => m.choices.find((c) => c.weight === w);
  const chosen = at(m.weight)!;
  const none = at(0);
  const versus = none && m.weight > 0 ? ` against ${none.ndcg.toFixed(4)} without` : '';
  const how = m.fixed ? 'as configured' : `chosen among ${m.choices.map((c) => c.weight).join(', ')} by per-user nDCG@${m.k}`;
  return `Popularity lean: ${what}; ${how} (validation nDCG@${m.k} on ${m.users} users ${chosen.ndcg.toFixed(4)}${versus}).`;
}
