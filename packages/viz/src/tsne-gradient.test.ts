import { jointProbabilitiesDense, jointProbabilitiesSparse, upperTriangle } from './joint-probabilities';
import { exactKnn } from './knn';
import { CELL, CELL_STRIDE, QuadTree } from './quadtree';
import { SeededRandom } from './random';
import { barnesHutGradient, exactGradient } from './tsne-gradient';

function setup(n: number, seed = 1): { data: Float64Array; y: Float64Array } {
  const rng = new SeededRandom(seed);
  const data = Float64Array.from({ length: n * 4 }, () => rng.normal());
  const y = Float64Array.from({ length: n * 2 }, () => rng.normal() * 2);
  return { data, y };
}

describe('quadtree', () => {
  it('counts every point once and puts the root at their centre of mass', () => {
    const { y } = setup(200);
    const tree = new QuadTree(8);
    tree.build(y, 200);
    expect(tree.cells[CELL.count]).toBe(200);
    let mx = 0;
    let my = 0;
    for (let i = 0; i < 200; i++) {
      mx += y[2 * i]! / 200;
      my += y[2 * i + 1]! / 200;
    }
    expect(tree.cells[CELL.comX]).toBeCloseTo(mx, 10);
    expect(tree.cells[CELL.comY]).toBeCloseTo(my, 10);
    expect(new Set(tree.order).size).toBe(200);
    // every internal cell's count is the sum of its children's
    for (let c = 0; c < tree.size; c++) {
      const child = tree.cells[c * CELL_STRIDE + CELL.child]!;
      if (child < 0) continue;
      let sum = 0;
      for (let q = 0; q < 4; q++) sum += tree.cells[(child + q) * CELL_STRIDE + CELL.count]!;
      expect(sum).toBe(tree.cells[c * CELL_STRIDE + CELL.count]);
    }
  });

  it('keeps coincident points in one leaf', () => {
    const y = Float64Array.from([1, 1, 1, 1, 1, 1, 2, 2]);
    const tree = new QuadTree();
    tree.build(y, 4);
    expect(tree.cells[CELL.count]).toBe(4);
    expect(Array.from(tree.order).sort()).toEqual([0, 1, 2, 3]);
  });
});

describe('t-SNE gradients', () => {
  it('exact gradient equals finite differences of the KL divergence', () => {
    const n = 12;
    const { data, y } = setup(n, 4);
    const p = jointProbabilitiesDense(data, 4, n, 3);
    const grad = new Float64Array(2 * n);
    const scratch = new Float64Array(2 * n);
    exactGradient(y, n, p, 1, grad, scratch, true);
    const g2 = new Float64Array(2 * n);
    const h = 1e-6;
    for (const t of [0, 5, 13, 23]) {
      const y1 = Float64Array.from(y);
      y1[t]! += h;
      const up = exactGradient(y1, n, p, 1, g2, scratch, true);
      y1[t]! -= 2 * h;
      const down = exactGradient(y1, n, p, 1, g2, scratch, true);
      expect(grad[t]).toBeCloseTo((up - down) / (2 * h), 5);
    }
  });

  it('Barnes-Hut with theta 0 and all neighbours equals the exact gradient', () => {
    const n = 40;
    const { data, y } = setup(n, 5);
    const dense = jointProbabilitiesDense(data, 4, n, 5);
    const sparse = upperTriangle(jointProbabilitiesSparse(exactKnn(data, 4, n - 1), n, 5), n);
    const ge = new Float64Array(2 * n);
    const gb = new Float64Array(2 * n);
    const klE = exactGradient(y, n, dense, 1, ge, new Float64Array(2 * n), true);
    const tree = new QuadTree();
    tree.build(y, n);
    const klB = barnesHutGradient(y, n, sparse, 1, 0, tree, gb, new Float64Array(2 * n), new Int32Array(n), true);
    for (let t = 0; t < 2 * n; t++) expect(gb[t]).toBeCloseTo(ge[t]!, 8);
    expect(klB).toBeCloseTo(klE, 8);
  });

  it('Barnes-Hut at theta 0.5 stays close to exact', () => {
    const n = 300;
    const { data, y } = setup(n, 6);
    const dense = jointProbabilitiesDense(data, 4, n, 10);
    const sparse = upperTriangle(jointProbabilitiesSparse(exactKnn(data, 4, n - 1), n, 10), n);
    const ge = new Float64Array(2 * n);
    const gb = new Float64Array(2 * n);
    exactGradient(y, n, dense, 1, ge, new Float64Array(2 * n), false);
    const tree = new QuadTree();
    tree.build(y, n);
    barnesHutGradient(y, n, sparse, 1, 0.5, tree, gb, new Float64Array(2 * n), new Int32Array(n), false);
    let err = 0;
    let norm = 0;
    for (let t = 0; t < 2 * n; t++) {
      err += (gb[t]! - ge[t]!) ** 2;
      norm += ge[t]! ** 2;
    }
    expect(Math.sqrt(err / norm)).toBeLessThan(0.02);
  });
});
