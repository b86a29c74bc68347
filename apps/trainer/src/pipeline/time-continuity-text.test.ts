import type { TimeContinuity } from '@twotower/eval';
import { timeContinuityText } from './time-continuity-text';

const base: TimeContinuity = { rankCorrelation: 0.015, neighboursWithinWindow: 0.071, chanceWithinWindow: 0.063, recencyJump: 1, recencyBias: false, rows: 818, k: 10, window: 7, pairs: 200000 };

describe('timeContinuityText', () => {
  it('states each figure beside the one of an embedding that ignores time, and the verdict', () => {
    const text = timeContinuityText(base);
    expect(text).toContain('rank correlation of days apart and embedding distance 0.015 (0 for an embedding that ignores time');
    expect(text).toContain("7.1% of each day's 10 nearest days lie within ±7 days (6.3% by chance)");
    expect(text).toMatch(/did not learn time/);
    expect(timeContinuityText({ ...base, rankCorrelation: 0.8, neighboursWithinWindow: 0.6 })).toMatch(/It learned time\./);
    // the ML-100K default with time resolutions: nearby days together, no single gradient
    expect(timeContinuityText({ ...base, rankCorrelation: 0.191, neighboursWithinWindow: 0.381 })).toMatch(/It learned time in part/);
    expect(timeContinuityText({ ...base, recencyJump: 12, recencyBias: true })).toMatch(/Recency bias/);
  });
});
