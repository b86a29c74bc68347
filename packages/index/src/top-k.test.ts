import { TopK } from './top-k';
import { mulberry32 as seededRandom } from '@twotower/utils';

describe('TopK', () => {
  it('keeps the k largest keys, best first, like a full sort', () => {
    const random = seededRandom(3);
    const heap = new TopK(4);
    for (const k of [1, 5, 10, 37]) {
      const keys = Array.from({ length: 500 }, () => random() * 10 - 5);
      heap.reset(k);
      keys.forEach((key, i) => {
        if (key > heap.threshold) heap.push(key, i);
      });
      const labels = new Int32Array(k);
      const scores = new Float32Array(k);
      heap.drain(labels, scores, 0, false);
      const expected = keys.map((key, i) => ({ key, i })).sort((a, b) => b.key - a.key).slice(0, k);
      expect(Array.from(labels)).toEqual(expected.map((e) => e.i));
      expect(Array.from(scores)).toEqual(expected.map((e) => Math.fround(e.key)));
    }
  });

  it('pads with -1 / NaN when fewer than k candidates were offered, and negates on request', () => {
    const heap = new TopK();
    heap.reset(3);
    heap.push(-2, 7);
    const labels = new Int32Array(4).fill(9);
    const scores = new Float32Array(4);
    heap.drain(labels, scores, 1, true);
    expect(Array.from(labels)).toEqual([9, 7, -1, -1]);
    expect(scores[1]).toBe(2);
    expect(Number.isNaN(scores[2]!)).toBe(true);
    expect(heap.size).toBe(0);
    expect(heap.threshold).toBe(-Infinity);
  });
});
