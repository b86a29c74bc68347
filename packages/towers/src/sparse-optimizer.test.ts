import { SparseRowOptimizer } from './sparse-optimizer';
import { EmbeddingTable } from './embedding-table';

describe('SparseRowOptimizer', () => {
  it('Adagrad updates only the given rows, with the hand-computed step', () => {
    const w = Float32Array.from([1, 1, 2, 2, 3, 3]); // 3 rows × 2
    const o = new SparseRowOptimizer(3, 2, { name: 'adagrad', learningRate: 0.1, initialAccumulator: 0.1 });
    o.apply(w, 2, Int32Array.of(1), Float32Array.from([0.5, -1]));
    expect(w[0]).toBe(1);
    expect(w[4]).toBe(3);
    expect(w[2]).toBeCloseTo(2 - (0.1 * 0.5) / (Math.sqrt(0.1 + 0.25) + 1e-7), 6);
    expect(w[3]).toBeCloseTo(2 + 0.1 / (Math.sqrt(0.1 + 1) + 1e-7), 6);
    expect(o.slot1[0]).toBeCloseTo(0.1, 7); // untouched accumulator
  });

  it('Adam takes the bias-corrected first step of size lr', () => {
    const w = Float32Array.from([0, 0]);
    const o = new SparseRowOptimizer(1, 2, { name: 'adam', learningRate: 0.01 });
    o.apply(w, 2, Int32Array.of(0), Float32Array.from([3, -0.2]));
    expect(w[0]).toBeCloseTo(-0.01, 5);
    expect(w[1]).toBeCloseTo(0.01, 5);
  });

  it('SGD with weight decay', () => {
    const w = Float32Array.from([2]);
    new SparseRowOptimizer(1, 1, { name: 'sgd', learningRate: 0.5, weightDecay: 0.1 }).apply(w, 1, Int32Array.of(0), Float32Array.of(1));
    expect(w[0]).toBeCloseTo(2 - 0.5 * (1 + 0.2), 6);
  });

  it('rejects unknown optimisers and bad learning rates', () => {
    expect(() => new SparseRowOptimizer(1, 1, { name: 'rmsprop' as 'sgd' })).toThrow(/use adagrad, adam or sgd/);
    expect(() => new SparseRowOptimizer(1, 1, { learningRate: 0 })).toThrow(/learningRate must be > 0/);
  });
});

describe('EmbeddingTable', () => {
  it('sums duplicate ids before one update per row', () => {
    const t = new EmbeddingTable({ vocabularySize: 4, dim: 2, optimizer: { name: 'sgd', learningRate: 1 } });
    const before = t.weights.slice();
    const g = Float32Array.from([1, 2, 10, 20, 100, 200]);
    t.accumulate(2, g, 0);
    t.accumulate(0, g, 2);
    t.accumulate(2, g, 4, 0.5);
    expect(t.applyAccumulated()).toBe(2);
    expect(t.weights[4]).toBeCloseTo(before[4]! - (1 + 50), 5);
    expect(t.weights[5]).toBeCloseTo(before[5]! - (2 + 100), 5);
    expect(t.weights[0]).toBeCloseTo(before[0]! - 10, 5);
    expect(t.weights[2]).toBe(before[2]);
    expect(t.applyAccumulated()).toBe(0); // nothing pending after an update
  });

  it('names an id outside the table and how to fix it', () => {
    const t = new EmbeddingTable({ vocabularySize: 4, dim: 2 });
    expect(() => t.checkId(4, 'input "user_id", example 3')).toThrow(/input "user_id", example 3: id 4 is outside the embedding table \[0, 4\).*OOV/);
  });
});
