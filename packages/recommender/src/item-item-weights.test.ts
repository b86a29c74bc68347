import { mulberry32 } from '@twotower/utils';
import { ItemItemWeights } from './item-item-weights';

/** Row i's kept entries as [neighbour, weight] pairs, in stored order. */
const rowOf = (w: ItemItemWeights, i: number): [number, number][] => {
  const out: [number, number][] = [];
  for (let e = w.offsets[i]!; e < w.offsets[i + 1]!; e++) out.push([w.neighbours[e]!, w.weights[e]!]);
  return out;
};

/** `[n × n]` uniform in [-1, 1), the diagonal included, every seventh value 0. */
function randomDense(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n * n }, (_, k) => (k % 7 === 3 ? 0 : rand() * 2 - 1));
}

/** Σ over the distinct history items i (inside the catalogue) of W[i][j], off the diagonal, in float64. */
function denseScores(dense: Float32Array, n: number, history: number[], candidates: number[]): number[] {
  const rows = [...new Set(history)].filter((i) => i >= 0 && i < n);
  return candidates.map((j) => rows.reduce((s, i) => s + (i === j ? 0 : dense[i * n + j]!), 0));
}

describe('ItemItemWeights.fromDense', () => {
  // 5 items; the diagonal is large and must never be kept
  const dense = Float32Array.from([
    [9, 0.5, -3, 0, 1],
    [0, 7, 0, 0, 0],
    [2, 0, 5, 0, 0],
    [1, -1, 0.25, 4, 0],
    [0, 0, 0, -6, 8],
  ].flat());

  it("keeps each row's top-m by magnitude, in descending magnitude, dropping the diagonal and zeros", () => {
    const w = ItemItemWeights.fromDense(dense, 5, 2);
    expect(w.numItems).toBe(5);
    expect(Array.from(w.offsets)).toEqual([0, 2, 2, 3, 5, 6]);
    expect(rowOf(w, 0)).toEqual([[2, -3], [4, 1]]); // |−3| > 1 > 0.5; 9 is the diagonal
    expect(rowOf(w, 1)).toEqual([]); // only the diagonal is non-zero
    expect(rowOf(w, 2)).toEqual([[0, 2]]); // one non-zero off the diagonal: no zero fills the second slot
    expect(rowOf(w, 3)).toEqual([[0, 1], [1, -1]]); // equal magnitudes: lower index first
    expect(rowOf(w, 4)).toEqual([[3, -6]]);
    expect(w.maxNeighbours).toBe(2);
  });

  it('keeps at most numItems − 1 per row when asked for more', () => {
    const w = ItemItemWeights.fromDense(dense, 5, 10);
    expect(rowOf(w, 0)).toEqual([[2, -3], [4, 1], [1, 0.5]]);
    expect(rowOf(w, 3)).toEqual([[0, 1], [1, -1], [2, 0.25]]);
    expect(w.maxNeighbours).toBe(3);
    expect(ItemItemWeights.fromDense(randomDense(6, 1), 6, 99).maxNeighbours).toBe(5);
  });

  it('refuses a matrix of the wrong size and a bad neighbour count', () => {
    expect(() => ItemItemWeights.fromDense(new Float32Array(24), 5, 2)).toThrow('item-item weights: a dense matrix of 24 values is not 5 × 5');
    expect(() => ItemItemWeights.fromDense(dense, 5, 0)).toThrow('neighbours is 0; give a whole number >= 1');
    expect(() => ItemItemWeights.fromDense(dense, 5, 1.5)).toThrow('neighbours is 1.5; give a whole number >= 1');
  });
});

describe('ItemItemWeights.scoreCandidates', () => {
  const n = 30;
  const dense = randomDense(n, 13);
  const full = ItemItemWeights.fromDense(dense, n, n - 1);

  it("equals the dense sum x_u·W (diagonal left out) restricted to the candidates when every neighbour is kept", () => {
    // every non-zero off the diagonal is kept
    for (let i = 0; i < n; i++) expect(full.offsets[i + 1]! - full.offsets[i]!).toBe(dense.subarray(i * n, (i + 1) * n).filter((v, j) => v !== 0 && j !== i).length);
    const rand = mulberry32(7);
    const pick = (k: number) => Array.from({ length: k }, () => Math.floor(rand() * n));
    const everyItem = Array.from({ length: n }, (_, j) => j);
    const histories = [[], [4], [0, 29], pick(5), pick(12), everyItem];
    for (const history of histories) {
      for (const candidates of [everyItem, pick(8), [history[0] ?? 0]]) {
        const got = full.scoreCandidates(Int32Array.from(history), Int32Array.from(candidates));
        expect(got).toBeInstanceOf(Float32Array);
        expect(got).toHaveLength(candidates.length);
        const expected = denseScores(dense, n, history, candidates);
        expected.forEach((v, c) => expect(got[c]).toBeCloseTo(v, 5));
      }
    }
  });

  it('counts a repeated history item once', () => {
    const candidates = [1, 5, 9, 20];
    const once = full.scoreCandidates([3, 8], candidates);
    expect(Array.from(full.scoreCandidates([3, 3, 8, 3, 8], candidates))).toEqual(Array.from(once));
    denseScores(dense, n, [3, 8], candidates).forEach((v, c) => expect(once[c]).toBeCloseTo(v, 5));
  });

  it('reads 0 for history items and candidates outside the catalogue', () => {
    const candidates = [2, 6, 11];
    const known = full.scoreCandidates([4, 17], candidates);
    expect(Array.from(full.scoreCandidates([-1, 4, 30, 17, 1000], candidates))).toEqual(Array.from(known));
    expect(Array.from(full.scoreCandidates([-5, 30], candidates))).toEqual([0, 0, 0]);
    const mixed = full.scoreCandidates([4, 17], [-1, 2, 30, 6, 999]);
    expect(Array.from(mixed)).toEqual([0, known[0], 0, known[1], 0]);
  });

  it('gives the same scores when called again (the scratch sums are cleared)', () => {
    const a = [1, 2, 3];
    const b = [3, 10, 25, 29];
    const candidates = Array.from({ length: n }, (_, j) => j);
    const first = Array.from(full.scoreCandidates(a, candidates));
    const other = Array.from(full.scoreCandidates(b, candidates));
    expect(Array.from(full.scoreCandidates(a, candidates))).toEqual(first);
    expect(Array.from(full.scoreCandidates(a, candidates))).toEqual(first);
    // a fresh instance (clean scratch) agrees with the one used before
    expect(Array.from(ItemItemWeights.fromDense(dense, n, n - 1).scoreCandidates(b, candidates))).toEqual(other);
    expect(Array.from(full.scoreCandidates([], candidates))).toEqual(new Array<number>(n).fill(0));
  });

  it('sums only the neighbours kept when m < numItems − 1', () => {
    const w = ItemItemWeights.fromDense(dense, n, 3);
    const candidates = Array.from({ length: n }, (_, j) => j);
    const history = [0, 7];
    const expected = new Array<number>(n).fill(0);
    for (const i of history) for (const [j, v] of rowOf(w, i)) expected[j]! += v;
    const got = w.scoreCandidates(history, candidates);
    expected.forEach((v, j) => expect(got[j]).toBeCloseTo(v, 6));
    expect(got.filter((v) => v !== 0).length).toBeLessThanOrEqual(6);
  });
});

describe('new ItemItemWeights', () => {
  const i32 = (...x: number[]) => Int32Array.from(x);
  const f32 = (...x: number[]) => Float32Array.from(x);

  it('accepts consistent arrays: 3 items, rows of 2, 0 and 1 entries', () => {
    const w = new ItemItemWeights(i32(0, 2, 2, 3), i32(1, 2, 0), f32(0.5, -1, 2));
    expect([w.numItems, w.maxNeighbours]).toEqual([3, 2]);
    expect(Array.from(w.scoreCandidates([0, 2], [0, 1, 2]))).toEqual([2, 0.5, -1]);
  });

  it('refuses bad offsets, naming what is wrong', () => {
    expect(() => new ItemItemWeights(i32(), i32(), f32())).toThrow('offsets must start at 0 and hold numItems + 1 values; got 0');
    expect(() => new ItemItemWeights(i32(0), i32(), f32())).toThrow('offsets must start at 0 and hold numItems + 1 values; got 1 starting at 0');
    expect(() => new ItemItemWeights(i32(1, 1), i32(0), f32(1))).toThrow('got 2 starting at 1');
    expect(() => new ItemItemWeights(i32(0, 1, 2), i32(1, 0, 1), f32(1, 1, 1))).toThrow('the last offset is 2 but there are 3 entries; the files disagree');
    expect(() => new ItemItemWeights(i32(0, 2, 1, 2), i32(1, 2), f32(1, 1))).toThrow('offsets decrease at item 1; they must not');
  });

  it('refuses a neighbour/weight count mismatch, neighbours outside the catalogue and non-finite weights', () => {
    expect(() => new ItemItemWeights(i32(0, 1, 2), i32(1, 0), f32(1))).toThrow('2 neighbours but 1 weights; give one weight per neighbour');
    expect(() => new ItemItemWeights(i32(0, 1, 2), i32(1, 2), f32(1, 1))).toThrow('entry 1 names item 2, outside the 2 items');
    expect(() => new ItemItemWeights(i32(0, 1, 2), i32(-1, 0), f32(1, 1))).toThrow('entry 0 names item -1, outside the 2 items');
    expect(() => new ItemItemWeights(i32(0, 1, 2), i32(1, 0), f32(1, NaN))).toThrow('entry 1 has weight NaN; weights must be finite');
    expect(() => new ItemItemWeights(i32(0, 1, 2), i32(1, 0), f32(-Infinity, 1))).toThrow('entry 0 has weight -Infinity; weights must be finite');
  });
});
