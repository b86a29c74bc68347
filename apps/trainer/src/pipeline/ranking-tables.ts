import type { TwoStageResult } from '@twotower/eval';
import type { ModelMetrics, RankingMetrics, TwoStagePerUserFigures, VersusBaselineFigures } from '@twotower/artifact';

const f = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(4));

/** A paired difference as `+0.0029 ± 0.0005` (mean ± standard error; `n/a` where a figure is undefined, e.g. the error of one query, which metrics.json keeps as null). */
export function formatGain(x: { mean: number | null; standardError: number | null }): string {
  const fixed = (v: number | null) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(4) : 'n/a');
  return `${typeof x.mean === 'number' && x.mean >= 0 ? '+' : ''}${fixed(x.mean)} ± ${fixed(x.standardError)}`;
}

/**
 * The two-tower's per-user figures at K minus EASE's, paired by user: whether the gap between the
 * main table's two rows is larger than its noise.
 */
export function versusEaseLine(v: VersusBaselineFigures, k = 10): string {
  const g = (m: string) => (v.figures[m] ? formatGain(v.figures[m]) : 'n/a');
  return `two-tower − EASE per user${v.protocol === 'excludeSeen' ? ' (training items excluded)' : ''}: recall@${k} ${g(`recall@${k}`)}, ndcg@${k} ${g(`ndcg@${k}`)} (paired mean ± standard error over ${v.users} users)`;
}

/** The ranking model's test figures, one line each. */
export function rankingTable(m: RankingMetrics): string {
  const heads = m.members.map((x) => x.head);
  const count = (h: string) => heads.filter((x) => x === h).length;
  const title = m.members.length === 1 ? `ranking model (${heads[0]} head)` : `ranking ensemble (${count('binary')} binary + ${count('regression')} regression models)`;
  const lines = [
    `${title} on the test split`,
    `  binary accuracy ${f(m.binaryAccuracy)}   (always "liked": ${f(Math.max(m.positiveRate, 1 - m.positiveRate))})`,
    `  AUC             ${f(m.auc)}`,
    m.logLoss !== undefined ? `  log loss        ${f(m.logLoss)}` : '',
    `  RMSE            ${f(m.rmse)}${m.kind === 'probability' ? '   (of the probability against the 0/1 label)' : '   (of the rating)'}`,
    m.ratingRmse !== undefined && m.kind === 'probability' ? `  rating RMSE     ${f(m.ratingRmse)}   (of the regression models' mean rating)` : '',
  ];
  if (m.members.length > 1) {
    lines.push('  each model alone:  head        seed  accuracy     AUC  log loss    RMSE');
    for (const x of m.members) lines.push(`                     ${x.head.padEnd(10)} ${String(x.seed).padStart(5)} ${f(x.binaryAccuracy).padStart(9)} ${f(x.auc).padStart(7)} ${f(x.logLoss).padStart(9)} ${f(x.rmse).padStart(7)}`);
  }
  return lines.filter(Boolean).join('\n');
}

/** Retrieval order vs re-ranked vs popularity order of the same candidates, per N (`implicit`: the log has no ratings, every test interaction is a query). */
export function twoStageTable(results: TwoStageResult[], options: { implicit?: boolean } = {}): string {
  const lines = [`two-stage: retrieve N (training items excluded), re-rank; against the one ${options.implicit ? 'test item (no ratings: every test interaction)' : 'liked test item'}`];
  lines.push(`${'N'.padStart(5)} ${'order'.padEnd(18)} ${'ndcg@10'.padStart(9)} ${'recall@10'.padStart(10)} ${'mrr'.padStart(8)}`);
  for (const r of results) {
    for (const [name, m] of [['retrieval', r.retrieval], ['re-ranked', r.reranked], ['popularity', r.popularityOrder]] as const) {
      lines.push(`${String(r.candidates).padStart(5)} ${name.padEnd(18)} ${f(m['ndcg@10']).padStart(9)} ${f(m['recall@10']).padStart(10)} ${f(m.mrr).padStart(8)}`);
    }
    lines.push(`${''.padStart(5)} (${r.queries} queries; the true item is among the ${r.candidates} candidates for ${(100 * r.candidateRecall).toFixed(1)}%)`);
    if (r.rerankedGain) {
      lines.push(`${''.padStart(5)} re-ranked − retrieval ndcg@10 ${formatGain(r.rerankedGain.vsRetrieval)}, re-ranked − popularity ${formatGain(r.rerankedGain.vsPopularity)} (paired mean ± standard error)`);
    }
  }
  return lines.join('\n');
}

/**
 * The two-stage list per user beside the two-tower's own top 10 and EASE's (the main table's
 * per-user figures): recall@10 and nDCG@10, and the paired gain of re-ranking. With `leaned` (a
 * model with a popularity lean: the main table's per-user figures), the two-stage list's
 * candidates are the dot product's and both of the towers' top 10s are shown.
 */
export function twoStagePerUserTable(r: TwoStagePerUserFigures, ease?: { recall?: number; ndcg?: number }, leaned?: { recall?: number; ndcg?: number }): string {
  const row = (name: string, recall: number | undefined, ndcg: number | undefined) => `  ${name.padEnd(34)} ${f(recall).padStart(9)} ${f(ndcg).padStart(9)}`;
  const own = leaned ? `dot-product top ${r.k}` : `own top ${r.k}`;
  return [
    `two-stage per user: retrieve ${r.candidates} (training items excluded), re-rank, top ${r.k}; against every test item of the ${r.users} users`,
    `  ${''.padEnd(34)} ${`recall@${r.k}`.padStart(9)} ${`ndcg@${r.k}`.padStart(9)}`,
    row(leaned ? `two-tower's top ${r.k}, dot product` : `two-tower's own top ${r.k}`, r.retrieval.recall, r.retrieval.ndcg),
    ...(leaned ? [row(`two-tower's top ${r.k}, with the lean`, leaned.recall, leaned.ndcg)] : []),
    row(`re-ranked top ${r.k} of ${r.candidates}${r.reranker ? ` (${r.reranker})` : ''}`, r.reranked.recall, r.reranked.ndcg),
    ...(ease ? [row('EASE', ease.recall, ease.ndcg)] : []),
    `  re-ranked − ${own}: recall ${formatGain(r.gain.recall)}, ndcg ${formatGain(r.gain.ndcg)} (paired mean ± standard error over users)`,
  ].join('\n');
}

/**
 * {@link twoStagePerUserTable} of a model's metrics: EASE's per-user figures and, with a popularity
 * lean, the towers' leaned ones (the main table's) beside the dot-product list; '' without a
 * two-stage list.
 */
export function twoStagePerUserTableOf(m: ModelMetrics): string {
  if (!m.twoStagePerUser) return '';
  const k = m.twoStagePerUser.k;
  const figures = (p: Partial<Record<string, number>> | undefined) => p && { recall: p[`recall@${k}`], ndcg: p[`ndcg@${k}`] };
  const own = (m.popularityLean?.weight ?? 0) > 0 ? figures(m.retrieval.excludeSeen) : undefined;
  return twoStagePerUserTable(m.twoStagePerUser, figures(m.baselines.ease?.excludeSeen), own);
}
