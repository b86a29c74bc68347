import { EmbeddingTable } from './embedding-table';
import { accumulateSmoothness } from './embedding-smoothness';

const table = (rows: number, dim: number, seed = 1) => new EmbeddingTable({ vocabularySize: rows, dim, seed, optimizer: { name: 'sgd', learningRate: 0.1 } });

describe('accumulateSmoothness', () => {
  it('is the penalty weight · Σ‖e_b − e_{b+1}‖², and its gradient matches finite differences', () => {
    const t = table(5, 3);
    const rows = 4; // row 4 (a "no value" row) is left out
    const penalty = (w: Float32Array) => {
      let s = 0;
      for (let b = 0; b + 1 < rows; b++) for (let d = 0; d < 3; d++) s += (w[b * 3 + d]! - w[(b + 1) * 3 + d]!) ** 2;
      return 0.7 * s;
    };
    const before = t.weights.slice();
    expect(accumulateSmoothness(t, rows, 0.7)).toBeCloseTo(penalty(before), 5);
    // SGD lr 0.1: the step is −0.1 × gradient; compare with central differences of the penalty
    t.applyAccumulated();
    const eps = 1e-3;
    for (let k = 0; k < before.length; k++) {
      const up = before.slice();
      up[k]! += eps;
      const down = before.slice();
      down[k]! -= eps;
      const grad = (penalty(up) - penalty(down)) / (2 * eps);
      expect((before[k]! - t.weights[k]!) / 0.1).toBeCloseTo(grad, 2);
    }
    // the left-out row never moves
    expect(Array.from(t.weights.subarray(12, 15))).toEqual(Array.from(before.subarray(12, 15)));
  });

  it('pulls a shuffled ordered table towards a gradient: neighbours get closer than far rows', () => {
    const t = table(50, 4, 3);
    const dist = (a: number, b: number) => Math.hypot(...Array.from({ length: 4 }, (_, d) => t.weights[a * 4 + d]! - t.weights[b * 4 + d]!));
    const meanNear = () => Array.from({ length: 49 }, (_, b) => dist(b, b + 1)).reduce((a, b) => a + b) / 49;
    const near0 = meanNear();
    for (let step = 0; step < 200; step++) {
      accumulateSmoothness(t, 50, 0.5);
      t.applyAccumulated();
    }
    expect(meanNear()).toBeLessThan(near0 / 5);
    expect(accumulateSmoothness(t, 50, 0)).toBe(0);
  });

  it('names a bad weight or row count', () => {
    expect(() => accumulateSmoothness(table(3, 2), 3, -1)).toThrow(/smoothness weight must be a finite number >= 0, got -1/);
    expect(() => accumulateSmoothness(table(3, 2), 4, 1)).toThrow(/smoothness rows must be an integer in \[0, 3\], got 4/);
  });
});
