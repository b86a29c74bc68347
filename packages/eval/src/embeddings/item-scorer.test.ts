import { mulberry32 } from '@twotower/utils';
import { EaseBaseline } from '../baselines/ease';
import { buildUserItemCsr } from '../protocols/user-item-csr';
import { ItemScorer } from './item-scorer';
import { cosineSimilarity, easeSimilarity } from './item-similarity';

describe('ItemScorer', () => {
  it('gives EASE’s own scores bit for bit with easeSimilarity', () => {
    const rand = mulberry32(9);
    const user: number[] = [];
    const item: number[] = [];
    for (let u = 0; u < 12; u++) {
      for (let j = 0; j < 9; j++) {
        if (rand() < 0.4) {
          user.push(u);
          item.push(j);
        }
      }
    }
    const log = { user: Int32Array.from(user), item: Int32Array.from(item) };
    const ease = EaseBaseline.fit(log, Int32Array.from(user.keys()), 12, 9, { lambda: 2 });
    const users = Int32Array.from({ length: 12 }, (_, u) => u);
    const expected = new Float32Array(12 * 9);
    ease.scoreUsers(users, expected);
    const got = new Float32Array(12 * 9);
    new ItemScorer(easeSimilarity(ease), ease.userItems).scoreUsers(users, got);
    expect(Array.from(got)).toEqual(Array.from(expected));
  });

  it('sums rows without the item itself, and only the nearest items with neighbours', () => {
    // cos(0,1) = 1, cos(0,2) = 0, cos(0,3) = 1/√2; user 0 has item 0.
    const sim = cosineSimilarity(new Float32Array([1, 0, 1, 0, 0, 1, 1, 1]), 2);
    const seen = buildUserItemCsr(new Int32Array([0]), new Int32Array([0]), undefined, 1, 4);
    const out = new Float32Array(4);
    new ItemScorer(sim, seen).scoreUsers(new Int32Array([0]), out);
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(1, 6);
    expect(out[2]).toBeCloseTo(0, 6);
    expect(out[3]).toBeCloseTo(Math.SQRT1_2, 6);
    new ItemScorer(sim, seen, 2).scoreUsers(new Int32Array([0]), out);
    expect(Array.from(out, (x) => Math.round(x * 1e6) / 1e6)).toEqual([0, 1, 0, Math.round(Math.SQRT1_2 * 1e6) / 1e6]);
  });

  it('refuses unknown users and a bad output length', () => {
    const sim = cosineSimilarity(new Float32Array([1, 0, 0, 1]), 2);
    const scorer = new ItemScorer(sim, buildUserItemCsr(new Int32Array([0]), new Int32Array([1]), undefined, 1, 2));
    expect(() => scorer.scoreUsers(new Int32Array([1]), new Float32Array(2))).toThrow(/users\[0\]/);
    expect(() => scorer.scoreUsers(new Int32Array([0]), new Float32Array(3))).toThrow(/out/);
  });
});
