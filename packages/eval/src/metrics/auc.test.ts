import { rng } from '../test-utils';
import { auc } from './auc';

/** Reference: count every (positive, negative) pair, ties one half. */
function bruteAuc(labels: number[], scores: number[]): number {
  let num = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      if (scores[i]! > scores[j]!) num += 1;
      else if (scores[i] === scores[j]) num += 0.5;
    }
  }
  return num / pairs;
}

describe('auc', () => {
  it('is 1 for a perfect ordering and 0 for a reversed one', () => {
    expect(auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(auc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
  });

  it('handles ties by average rank (hand-computed)', () => {
    // Pairs (pos, neg): (0.5 vs 0.5) = 0.5, (0.5 vs 0.1) = 1, (0.9 vs 0.5) = 1, (0.9 vs 0.1) = 1 -> 3.5 / 4.
    expect(auc([1, 0, 1, 0], [0.5, 0.5, 0.9, 0.1])).toBeCloseTo(3.5 / 4, 12);
    expect(auc([1, 0, 1, 0], [1, 1, 1, 1])).toBeCloseTo(0.5, 12);
  });

  it('matches a brute-force pair count on random data with ties', () => {
    const r = rng(3);
    for (let t = 0; t < 20; t++) {
      const n = 2 + Math.floor(r() * 80);
      const labels = Array.from({ length: n }, (_, i) => (i < 1 ? 1 : i < 2 ? 0 : r() < 0.4 ? 1 : 0));
      const scores = Array.from({ length: n }, () => Math.floor(r() * 5));
      expect(auc(labels, Float32Array.from(scores))).toBeCloseTo(bruteAuc(labels, scores), 12);
    }
  });

  it('is NaN without both classes and for no examples', () => {
    expect(auc([1, 1], [0.2, 0.3])).toBeNaN();
    expect(auc([], [])).toBeNaN();
  });

  it('rejects non-binary labels, NaN scores and length mismatches with the index at fault', () => {
    expect(() => auc([1, 2], [0.1, 0.2])).toThrow(/labels\[1\].*must be 0 or 1/);
    expect(() => auc([1, 0], [0.1, NaN])).toThrow(/scores\[1\]/);
    expect(() => auc([1, 0], [0.1])).toThrow(/scores: has length 1 but labels has 2/);
  });
});
