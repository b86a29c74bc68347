import { combineRankingPredictions, ensembleKind } from './ranking-ensemble';

const f = (...v: number[]) => Float32Array.from(v);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(p / (1 - p));

describe('combineRankingPredictions', () => {
  it('averages the log-odds of binary members, and the ratings of regression members alone', () => {
    const out = combineRankingPredictions([f(0.2, 0.9), f(0.4, 0.5)], [], 2);
    expect(out[0]).toBeCloseTo(sigmoid((logit(0.2) + logit(0.4)) / 2), 6);
    expect(out[1]).toBeCloseTo(sigmoid(logit(0.9) / 2), 6);
    // one member: its own probability
    expect(combineRankingPredictions([f(0.3)], [], 1)[0]).toBeCloseTo(0.3, 6);
    // exactly, and as a copy
    const only = f(0.3, 0.123456789, 1);
    const same = combineRankingPredictions([only], [], 3);
    expect(Array.from(same)).toEqual(Array.from(only));
    expect(same).not.toBe(only);
    expect(Array.from(combineRankingPredictions([], [f(4.25)], 1))).toEqual([4.25]);
    expect(Array.from(combineRankingPredictions([], [f(3, 5), f(4, 2)], 2))).toEqual([3.5, 3.5]);
  });

  it('gives a rating the log-odds k × (rating − (threshold − 0.5)) and averages them with the rest', () => {
    // 3.5 is neutral at threshold 4: it halves the log-odds of the binary member
    const out = combineRankingPredictions([f(0.8, 0.5, 0.5)], [f(3.5, 4.5, 2)], 3, { ratingSlope: 2 });
    expect(out[0]).toBeCloseTo(sigmoid(logit(0.8) / 2), 6);
    expect(out[1]).toBeCloseTo(sigmoid(1), 6);
    expect(out[2]).toBeCloseTo(sigmoid(-1.5), 6);
    // a different threshold moves the neutral rating
    expect(combineRankingPredictions([f(0.5)], [f(2.5)], 1, { likedThreshold: 3 })[0]).toBeCloseTo(0.5, 6);
    const hand = combineRankingPredictions([f(0.8), f(0.6)], [f(3), f(4.5)], 1, { ratingSlope: 1.5 });
    expect(hand[0]).toBeCloseTo(sigmoid((logit(0.8) + logit(0.6) + 1.5 * -0.5 + 1.5 * 1) / 4), 6);
  });

  it('stays finite at probabilities of exactly 0 and 1', () => {
    const out = combineRankingPredictions([f(0, 1)], [f(5, 1)], 2);
    expect(out.every(Number.isFinite)).toBe(true);
    expect(out[0]!).toBeGreaterThan(0);
    expect(out[1]!).toBeLessThan(1);
  });

  it('refuses no members and members of the wrong length, naming the counts', () => {
    expect(() => combineRankingPredictions([], [], 3)).toThrow(/at least one member/);
    expect(() => combineRankingPredictions([f(0.1, 0.2)], [], 3)).toThrow(/gave 2 predictions for 3 pairs/);
  });

  it('names the kind of score: a rating only when every member is a regression', () => {
    expect(ensembleKind(['regression', 'regression'])).toBe('rating');
    expect(ensembleKind(['binary', 'regression'])).toBe('probability');
    expect(() => ensembleKind([])).toThrow(/at least one member/);
  });
});
