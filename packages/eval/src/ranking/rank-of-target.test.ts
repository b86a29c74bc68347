import { rankOfTarget } from './rank-of-target';

describe('rankOfTarget', () => {
  it('counts items scoring strictly higher', () => {
    expect(rankOfTarget([0.9, 0.5, 0.7, 0.1], 0, 4, 1)).toBe(2);
    expect(rankOfTarget([0.9, 0.5, 0.7, 0.1], 0, 4, 0)).toBe(0);
  });

  it('counts ties in the target\'s favour', () => {
    expect(rankOfTarget([1, 1, 1, 1], 0, 4, 3)).toBe(0);
    expect(rankOfTarget([2, 1, 1, 1], 0, 4, 3)).toBe(1);
  });

  it('reads one row of a row-major block', () => {
    const block = new Float32Array([5, 5, 5, 0.1, 0.3, 0.2]);
    expect(rankOfTarget(block, 3, 3, 2)).toBe(1);
  });

  it('ranks a NaN target last and never counts NaN as higher', () => {
    expect(rankOfTarget([NaN, 1, 2], 0, 3, 0)).toBe(3);
    expect(rankOfTarget([NaN, 1, 2], 0, 3, 1)).toBe(1);
  });
});
