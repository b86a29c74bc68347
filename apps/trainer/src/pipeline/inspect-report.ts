import type { CountSummary, LogSummary, ReadReport } from '@twotower/data';
import type { FeatureSpec } from '@twotower/features';
import { DEFAULT_HISTORY_LENGTH, type HistoryOptions } from '@twotower/recommender';
import type { TrainConfig } from '../config/schema';
import { shownPath } from './describe-plan';

const n = (x: number) => x.toLocaleString('en-US');

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** Each file's rows read, kept and bad, the bad ones by reason with the first few as file:line. */
export function readLines(reports: readonly ReadReport[]): string[] {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`${shownPath(r.file)}: ${n(r.rows)} rows, ${n(r.accepted)} kept, ${n(r.bad)} bad`);
    if (r.bad > 0) {
      lines.push(`  bad rows by reason: ${Object.entries(r.badByReason).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${n(v)} ${k}`).join(', ')}`);
      for (const e of r.examples) lines.push(`    ${shownPath(r.file)}:${e.line}: ${e.reason}`);
      if (r.examples.length < r.bad) lines.push(`    (${n(r.bad - r.examples.length)} more)`);
    }
    for (const note of r.notes) lines.push(`  note: ${note}`);
  }
  return lines;
}

function counts(what: string, c: CountSummary): string {
  return `interactions per ${what}: min ${n(c.min)}, p10 ${n(c.p10)}, p25 ${n(c.p25)}, median ${n(c.median)}, p75 ${n(c.p75)}, p90 ${n(c.p90)}, max ${n(c.max)} (mean ${c.mean.toFixed(1)})`;
}

/** The log's size, density, time span, ratings and interactions per user and per item (quantiles). */
export function summaryLines(s: LogSummary): string[] {
  const lines = [
    `${n(s.rows)} interactions, ${n(s.users)} users${s.userIds > s.users ? ` (${n(s.userIds)} known)` : ''}, ${n(s.items)} items${s.itemIds > s.items ? ` (${n(s.itemIds)} in the catalogue)` : ''}, density ${(100 * s.density).toFixed(s.density < 0.001 ? 4 : 2)}%`,
  ];
  if (s.timestamps) {
    const days = (s.timestamps.max - s.timestamps.min) / 86400;
    lines.push(`time span ${iso(s.timestamps.min)} .. ${iso(s.timestamps.max)} (${days.toFixed(1)} days)`);
  } else {
    lines.push('time span: none (no timestamps)');
  }
  if (s.ratings) {
    const values = Object.entries(s.ratings.histogram).sort((a, b) => Number(a[0]) - Number(b[0]));
    lines.push(`ratings: ${n(s.ratings.count)}, ${s.ratings.min}..${s.ratings.max}, mean ${s.ratings.mean.toFixed(2)}${values.length <= 10 ? ` (${values.map(([k, v]) => `${k}: ${n(v)}`).join(', ')})` : ''}`);
  } else {
    lines.push('ratings: none (implicit feedback: every interaction is a positive)');
  }
  lines.push(counts('user', s.rowsPerUser), counts('item', s.rowsPerItem));
  return lines;
}

/** What a feature spec does, in a few words. */
function specSummary(s: FeatureSpec): string {
  switch (s.kind) {
    case 'categorical':
      return 'lookup, embedded';
    case 'hashed':
      return `${s.bins} hash bins, embedded`;
    case 'discretized':
      return `${s.bins} ${s.method ?? 'equal-width'} buckets, embedded`;
    case 'numeric':
      return s.normalize === false ? 'the number' : 'standardised';
    case 'text':
      return s.standardize === 'none' ? (s.source.endsWith(':labels') ? 'labels, mean of their embeddings' : 'one token per combination, embedded') : `text tokens, mean-pooled (at most ${n(s.maxTokens ?? 10_000)} ids)`;
  }
}

/** What the query tower's history reads, on one line. */
export function historySummary(h: HistoryOptions): string {
  const length = h.length ?? DEFAULT_HISTORY_LENGTH;
  const which = h.recent
    ? `the user's last ${length} training items before the query's time (none for a query without a time)`
    : `${length} of the user's training items${h.causal ? ' (in training, only those before the example\'s time)' : ''}`;
  const pooled = h.pooling === 'attention' ? `attention-pooled (${h.heads ?? 1} head${(h.heads ?? 1) > 1 ? 's' : ''})` : 'mean-pooled';
  return `${which}, ${pooled}, ${h.itemTable === 'shared' ? "the candidate tower's item-id embeddings" : `embedded ${h.dim ?? 32} wide`}`;
}

/** The features the towers would get, one line each with the column read (and the query tower's history). */
export function featureLines(spec: { query: FeatureSpec[]; candidate: FeatureSpec[]; history?: HistoryOptions }, skipped: readonly string[]): string[] {
  const lines: string[] = [];
  for (const [tower, specs] of [['query', spec.query], ['candidate', spec.candidate]] as const) {
    for (const s of specs) lines.push(`  ${tower.padEnd(9)} ${s.name} <- ${s.source}: ${specSummary(s)}`);
    if (tower === 'query' && spec.history) lines.push(`  ${'query'.padEnd(9)} history <- ${spec.history.recent || spec.history.causal ? 'user, item, timestamp' : 'user, item'}: ${historySummary(spec.history)}`);
  }
  for (const x of skipped) lines.push(`  not a feature: ${x}`);
  return lines;
}

/** What retrieval model the config would train: the towers, their members and how they are batched. */
export function retrievalLine(config: TrainConfig): string {
  const M = config.model;
  const layers = (l: number[]) => `[${l.join(', ')}]`;
  const towers = `query ${layers(M.queryLayers)} · candidate ${layers(M.candidateLayers)}`;
  const members = M.members > 1 ? `${M.members} pairs of towers (seeds ${M.seed}..${M.seed + M.members - 1}), ${config.training.memberBatches === 'own' ? 'each on its own batches' : 'all on the same batches'}, embeddings ${M.members * M.candidateLayers.at(-1)!} wide` : `one pair of towers (seed ${M.seed}), embeddings ${M.candidateLayers.at(-1)} wide`;
  return `retrieval: ${members}; ${towers}; batches of ${config.training.batchSize}${config.training.refit && config.split.validationFraction > 0 ? ', then a refit on every training row for the epochs validation chose' : ''}`;
}

/** Which ranking models the config would train on this log, and why some would not be. */
export function rankingLine(config: TrainConfig, hasRatings: boolean): string {
  const R = config.ranking;
  if (!R.enabled) return 'ranking: off (ranking.enabled false)';
  const engagement = R.engagement && config.split.validationFraction > 0 ? `the engagement model (held-out interactions vs retrieved items, validation ${config.split.validationFraction})` : '';
  if (!hasRatings) return `ranking: ${engagement || 'none'}; the rating models are skipped: the log has no ratings`;
  const models = `${R.ensemble.binary} binary (liked = rating >= ${R.likedThreshold}) + ${R.ensemble.regression} regression ranking models`;
  return `ranking: ${models}${engagement ? ` and ${engagement}` : ''}`;
}
