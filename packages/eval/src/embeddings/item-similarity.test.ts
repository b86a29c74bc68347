import { EaseBaseline } from '../baselines/ease';
import { EvalInputError } from '../errors';
import { cosineSimilarity, easeSimilarity } from './item-similarity';

describe('cosineSimilarity', () => {
  it('gives the cosine of planted vectors, whatever their length', () => {
    // item 0 = (1, 0), item 1 = (3, 3), item 2 = (0, -2), item 3 = (-5, 0)
    const sim = cosineSimilarity(new Float32Array([1, 0, 3, 3, 0, -2, -5, 0]), 2);
    expect(sim.numItems).toBe(4);
    const out = new Float32Array(4);
    sim.fill(0, out);
    expect(out[0]).toBeCloseTo(1, 6);
    expect(out[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(out[2]).toBeCloseTo(0, 6);
    expect(out[3]).toBeCloseTo(-1, 6);
    sim.fill(1, out);
    expect(out[2]).toBeCloseTo(-Math.SQRT1_2, 6);
    expect(sim.missingCount).toBe(0);
  });

  it('gives an all-zero row similarity 0 to everything, flags and counts it, never NaN', () => {
    const sim = cosineSimilarity(new Float32Array([1, 0, 0, 0, 0, 1]), 2);
    expect(sim.missingCount).toBe(1);
    expect(Array.from(sim.missing!)).toEqual([0, 1, 0]);
    const out = new Float32Array(3);
    sim.fill(1, out);
    expect(Array.from(out)).toEqual([0, 0, 0]);
    sim.fill(0, out);
    expect(Array.from(out)).toEqual([1, 0, 0]);
  });

  it('does not change the caller’s vectors', () => {
    const v = new Float32Array([2, 0, 0, 4]);
    cosineSimilarity(v, 2);
    expect(Array.from(v)).toEqual([2, 0, 0, 4]);
  });

  it('refuses bad shapes, NaN rows and bad fills, naming the field', () => {
    expect(() => cosineSimilarity(new Float32Array(5), 2)).toThrow(/vectors/);
    expect(() => cosineSimilarity(new Float32Array([1, NaN]), 2)).toThrow(/vectors\[0\]/);
    const sim = cosineSimilarity(new Float32Array([1, 0, 0, 1]), 2);
    expect(() => sim.fill(2, new Float32Array(2))).toThrow(EvalInputError);
    expect(() => sim.fill(0, new Float32Array(3))).toThrow(/out/);
  });
});

describe('easeSimilarity', () => {
  it('fills row i of B: what item i adds to each candidate’s score', () => {
    const user = new Int32Array([0, 0, 1, 1, 2, 2, 2]);
    const item = new Int32Array([0, 1, 1, 2, 0, 1, 2]);
    const rows = Int32Array.from({ length: 7 }, (_, i) => i);
    const ease = EaseBaseline.fit({ user, item }, rows, 3, 3, { lambda: 1 });
    const sim = easeSimilarity(ease);
    const out = new Float32Array(3);
    for (let i = 0; i < 3; i++) {
      sim.fill(i, out);
      expect(Array.from(out)).toEqual(Array.from(ease.weights.subarray(i * 3, i * 3 + 3)));
      expect(out[i]).toBe(0);
    }
    // user 1 has items 1, 2: EASE's score = row 1 + row 2 of B.
    const scores = new Float32Array(3);
    ease.scoreUsers(new Int32Array([1]), scores);
    for (let j = 0; j < 3; j++) expect(scores[j]).toBeCloseTo(ease.weights[3 + j]! + ease.weights[6 + j]!, 6);
  });

  it('flags an item without training interactions (an all-zero row of B) as missing', () => {
    const user = new Int32Array([0, 0, 1, 1]);
    const item = new Int32Array([0, 1, 0, 1]);
    const ease = EaseBaseline.fit({ user, item }, new Int32Array([0, 1, 2, 3]), 2, 3, { lambda: 1 });
    const sim = easeSimilarity(ease);
    expect(sim.missingCount).toBe(1);
    expect(Array.from(sim.missing!)).toEqual([0, 0, 1]);
  });
});
