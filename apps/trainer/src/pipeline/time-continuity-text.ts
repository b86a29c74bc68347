import type { TimeContinuity } from '@twotower/eval';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * The time-continuity figures of a day embedding in words, each beside what an embedding that
 * ignores time would give, and the verdict: learned time, in part, did not, or a recency bias.
 */
export function timeContinuityText(t: TimeContinuity): string {
  const nearBeyondChance = t.neighboursWithinWindow >= 2 * t.chanceWithinWindow;
  const learned = t.rankCorrelation >= 0.3 && nearBeyondChance;
  const partly = t.rankCorrelation >= 0.1 || nearBeyondChance;
  const verdict = t.recencyBias
    ? 'Recency bias: the latest days sit apart from where the others lead.'
    : learned
      ? 'It learned time.'
      : partly
        ? 'It learned time in part: nearby days lie together more than chance would put them, but far apart days are not ordered along one gradient.'
        : 'It did not learn time: these figures are those of an embedding that ignores it.';
  return (
    `Time continuity: rank correlation of days apart and embedding distance ${t.rankCorrelation.toFixed(3)} (0 for an embedding that ignores time, 1 for a perfect gradient); ` +
    `${pct(t.neighboursWithinWindow)} of each day's ${t.k} nearest days lie within ±${t.window} days (${pct(t.chanceWithinWindow)} by chance); ` +
    `the latest days jumped ${t.recencyJump.toFixed(1)}× the usual distance from the days before them. ${verdict}`
  );
}
