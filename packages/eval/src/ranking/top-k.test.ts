import { EvalInputError } from '../errors';
import { rng } from '../test-utils';
import { TopKSelector, topKIndices } from './top-k';

/** Reference: full sort by (score desc, index asc), NaN dropped. */
function bruteTopK(scores: ArrayLike<number>, k: number, exclude: number[] = []): number[] {
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!exclude.includes(i) && !Number.isNaN(scores[i]!)) idx.push(i);
  idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return idx.slice(0, k);
}

describe('topKIndices', () => {
  it('returns the best items first', () => {
    expect(Array.from(topKIndices([0.1, 0.9, 0.5, 0.7], 2))).toEqual([1, 3]);
  });

  it('breaks ties by lower index, deterministically', () => {
    expect(Array.from(topKIndices([1, 2, 2, 1, 2], 4))).toEqual([1, 2, 4, 0]);
  });

  it('returns the whole catalogue when k is larger than it', () => {
    expect(Array.from(topKIndices([3, 1, 2], 10))).toEqual([0, 2, 1]);
  });

  it('returns an empty list for an empty catalogue', () => {
    expect(topKIndices([], 5).length).toBe(0);
  });

  it('never returns excluded items or NaN scores', () => {
    expect(Array.from(topKIndices([5, NaN, 4, 3, 9], 3, { exclude: [4] }))).toEqual([0, 2, 3]);
  });

  it('matches a full sort on random rows with many ties', () => {
    const r = rng(7);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(r() * 60);
      const scores = Float32Array.from({ length: n }, () => Math.floor(r() * 6));
      const k = 1 + Math.floor(r() * 70);
      const exclude = [0, 3, 5].filter((j) => j < n);
      expect(Array.from(topKIndices(scores, k, { exclude }))).toEqual(bruteTopK(scores, k, exclude));
    }
  });

  it('rejects a bad k and out-of-range exclusions', () => {
    expect(() => topKIndices([1, 2], 0)).toThrow(EvalInputError);
    expect(() => topKIndices([1, 2], 1, { exclude: [2] })).toThrow(/exclude\[0\].*outside the catalogue/);
  });
});

describe('TopKSelector', () => {
  it('is reusable after drainSorted and reset', () => {
    const s = new TopKSelector(2);
    [3, 1, 2].forEach((v, i) => s.push(i, v));
    const out = new Int32Array(2);
    expect(s.drainSorted(out)).toBe(2);
    expect(Array.from(out)).toEqual([0, 2]);
    expect(s.size).toBe(0);
    s.push(5, 1);
    s.reset();
    s.push(6, 2);
    expect(s.drainSorted(out)).toBe(1);
    expect(out[0]).toBe(6);
  });

  it('orders correctly when items arrive in any index order', () => {
    const s = new TopKSelector(3);
    s.push(9, 1);
    s.push(2, 1);
    s.push(5, 1);
    s.push(0, 0.5);
    s.push(1, 1);
    const out = new Int32Array(3);
    s.drainSorted(out);
    expect(Array.from(out)).toEqual([1, 2, 5]);
  });

  it('rejects a zero capacity and a short output buffer', () => {
    expect(() => new TopKSelector(0)).toThrow(/capacity/);
    const s = new TopKSelector(2);
    s.push(0, 1);
    s.push(1, 2);
    expect(() => s.drainSorted(new Int32Array(1))).toThrow(/out/);
  });
});
