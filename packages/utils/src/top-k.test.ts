import { mulberry32 } from './mulberry32';
import { UtilsInputError } from './input-error';
import { TopK, topKIndices } from './top-k';

/** Reference: a full sort by (score desc, index asc), NaN and excluded indices dropped. */
function fullSortTopK(scores: ArrayLike<number>, k: number, exclude: readonly number[] = []): number[] {
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!exclude.includes(i) && !Number.isNaN(scores[i]!)) idx.push(i);
  idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return idx.slice(0, k);
}

describe('topKIndices', () => {
  it('returns the best first, ties by lower index, never NaN or excluded items', () => {
    expect(Array.from(topKIndices([0.1, 0.9, 0.5, 0.7], 2))).toEqual([1, 3]);
    expect(Array.from(topKIndices([1, 2, 2, 1, 2], 4))).toEqual([1, 2, 4, 0]);
    expect(Array.from(topKIndices([5, NaN, 4, 3, 9], 3, { exclude: [4] }))).toEqual([0, 2, 3]);
    expect(Array.from(topKIndices([3, 1, 2], 10))).toEqual([0, 2, 1]);
    expect(topKIndices([], 5)).toHaveLength(0);
    expect(topKIndices([1, 2], 0)).toHaveLength(0);
  });

  it('matches a full sort on random rows with many ties, NaN and excluded items', () => {
    const r = mulberry32(7);
    for (let trial = 0; trial < 300; trial++) {
      const n = Math.floor(r() * 80);
      const levels = 1 + Math.floor(r() * 8);
      const scores = Float32Array.from({ length: n }, () => (r() < 0.05 ? NaN : Math.floor(r() * levels)));
      const k = Math.floor(r() * 90);
      const exclude = Array.from({ length: Math.floor(r() * 6) }, () => Math.floor(r() * n)).filter((j) => j < n);
      expect(Array.from(topKIndices(scores, k, { exclude }))).toEqual(fullSortTopK(scores, k, exclude));
    }
  });

  it('refuses a bad k and excluded items outside the scores, with the field named', () => {
    expect(() => topKIndices([1, 2], -1)).toThrow(UtilsInputError);
    expect(() => topKIndices([1, 2], 1.5)).toThrow(/^k: /);
    expect(() => topKIndices([1, 2], 1, { exclude: [0, 2] })).toThrow(/exclude\[1\].*outside the catalogue/);
    let caught: unknown;
    try {
      topKIndices([1, 2], 1, { exclude: [-1] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RangeError);
    expect(caught).toMatchObject({ field: 'exclude[0]', detail: expect.stringMatching(/^item -1 is outside/) });
  });
});

describe('TopK', () => {
  it("with 'lower-index' ties gives the same result whatever order the items are pushed in", () => {
    const r = mulberry32(11);
    for (let trial = 0; trial < 100; trial++) {
      const n = 1 + Math.floor(r() * 60);
      const scores = Array.from({ length: n }, () => Math.floor(r() * 5) - 2);
      const k = 1 + Math.floor(r() * 20);
      const order = Array.from({ length: n }, (_, i) => i).sort(() => r() - 0.5);
      const heap = new TopK(k);
      for (const i of order) heap.push(i, scores[i]!);
      const out = new Int32Array(k);
      const outScores = new Float64Array(k);
      const count = heap.drainSorted(out, 0, outScores);
      const expected = fullSortTopK(scores, k);
      expect(Array.from(out.subarray(0, count))).toEqual(expected);
      expect(Array.from(outScores.subarray(0, count))).toEqual(expected.map((i) => scores[i]));
    }
  });

  it("with 'score-only' ties keeps its pinned behaviour (that of @twotower/index's exact search)", () => {
    // A full heap admits only a strictly better score, and evicts by heap position among equals.
    const small = new TopK(2, { ties: 'score-only' });
    small.push(0, 3);
    small.push(1, 3);
    small.push(2, 5);
    const two = new Int32Array(2);
    small.drainSorted(two);
    expect(Array.from(two)).toEqual([2, 1]);
    // Pinned from the heap @twotower/index had before this package: 40 scores in {0, 1, 2, 3}.
    const scores = [2, 3, 0, 2, 0, 2, 2, 1, 3, 0, 3, 2, 2, 0, 1, 1, 3, 1, 3, 2, 1, 0, 3, 0, 1, 0, 1, 3, 0, 0, 3, 1, 1, 3, 1, 1, 0, 3, 2, 3];
    const pinned: Array<[number, number[]]> = [
      [1, [1]],
      [3, [1, 8, 10]],
      [7, [10, 22, 1, 8, 16, 18, 27]],
      [12, [27, 39, 16, 22, 33, 37, 1, 8, 18, 10, 30, 6]],
    ];
    const heap = new TopK(4, { ties: 'score-only' });
    for (const [k, expected] of pinned) {
      heap.reset(k);
      scores.forEach((s, i) => {
        if (s > heap.threshold) heap.push(i, s);
      });
      const out = new Int32Array(k);
      expect(heap.drainSorted(out)).toBe(k);
      expect(Array.from(out)).toEqual(expected);
    }
  });

  it("with 'score-only' ties matches a full sort when scores are distinct", () => {
    const r = mulberry32(3);
    const heap = new TopK(4, { ties: 'score-only' });
    for (const k of [1, 5, 10, 37]) {
      const scores = Array.from({ length: 500 }, () => r() * 10 - 5);
      heap.reset(k);
      scores.forEach((s, i) => heap.push(i, s));
      const out = new Int32Array(k);
      heap.drainSorted(out);
      expect(Array.from(out)).toEqual(fullSortTopK(scores, k));
    }
  });

  it('keeps the threshold at the worst kept score once full, and -Infinity before and after draining', () => {
    const heap = new TopK(2);
    expect(heap.push(0, 1)).toBe(true);
    expect(heap.threshold).toBe(-Infinity);
    heap.push(1, 4);
    expect(heap.threshold).toBe(1);
    expect(heap.push(2, 0.5)).toBe(false);
    expect(heap.push(3, 2)).toBe(true);
    expect(heap.threshold).toBe(2);
    expect(heap.push(4, NaN)).toBe(false);
    const out = new Int32Array(3).fill(-7);
    expect(heap.drainSorted(out, 1)).toBe(2);
    expect(Array.from(out)).toEqual([-7, 1, 3]);
    expect(heap.size).toBe(0);
    expect(heap.threshold).toBe(-Infinity);
  });

  it('is reusable, grows on reset, and keeps nothing at capacity 0', () => {
    const heap = new TopK(1);
    heap.push(5, 1);
    heap.reset(3);
    expect(heap.capacity).toBe(3);
    [3, 1, 2, 9].forEach((v, i) => heap.push(i, v));
    const out = new Int32Array(3);
    heap.drainSorted(out);
    expect(Array.from(out)).toEqual([3, 0, 2]);
    heap.reset(0);
    expect(heap.push(1, 100)).toBe(false);
    expect(heap.size).toBe(0);
  });

  it('refuses a bad capacity or tie rule and a short output buffer', () => {
    expect(() => new TopK(-1)).toThrow(/capacity/);
    expect(() => new TopK(2.5)).toThrow(UtilsInputError);
    expect(() => new TopK(2, { ties: 'random' as never })).toThrow(/ties/);
    const heap = new TopK(2);
    heap.push(0, 1);
    heap.push(1, 2);
    expect(() => heap.drainSorted(new Int32Array(1))).toThrow(/^out: /);
    expect(() => heap.drainSorted(new Int32Array(3), 2)).toThrow(/out/);
    expect(() => heap.drainSorted(new Int32Array(2), 0, new Float32Array(1))).toThrow(/out/);
    expect(heap.size).toBe(2);
  });
});
