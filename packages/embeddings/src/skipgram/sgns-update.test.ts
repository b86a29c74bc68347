import { mulberry32 } from '@twotower/utils';
import { negativeSamplingLoss, sgnsPairUpdate } from './sgns-update';
import { sgnsPairUpdateSimd } from './sgns-update-simd';
import { scratchAt, tablesAt, vectorStorage } from './shared-arrays';
import { simdKernel } from './simd-kernel';

const V = 9;
const dim = 8;

function vectors(seed: number, scale: number): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: V * dim }, () => (r() - 0.5) * scale);
}

describe('sgnsPairUpdate', () => {
  it('moves the input and output rows by −alpha · the finite-difference gradient of the loss', () => {
    const syn0 = vectors(1, 2);
    const syn1 = vectors(2, 2);
    const targets = Int32Array.from([3, 5, 0, 7]);
    const inRow = 2 * dim;
    const alpha = 1e-3;
    const before0 = Float64Array.from(syn0);
    const before1 = Float64Array.from(syn1);
    const loss = negativeSamplingLoss(before0, inRow, before1, targets, 4, dim);
    const reported = sgnsPairUpdate(syn0, inRow, syn1, targets, 4, dim, alpha, new Float32Array(dim));
    expect(reported).toBeCloseTo(loss, 5);
    const h = 1e-5;
    const numeric = (arr: Float64Array, i: number, isIn: boolean) => {
      const plus = Float64Array.from(arr);
      const minus = Float64Array.from(arr);
      plus[i]! += h;
      minus[i]! -= h;
      const f = (a: Float64Array) => (isIn ? negativeSamplingLoss(a, inRow, before1, targets, 4, dim) : negativeSamplingLoss(before0, inRow, a, targets, 4, dim));
      return (f(plus) - f(minus)) / (2 * h);
    };
    for (let d = 0; d < dim; d++) {
      const i = inRow + d;
      expect((syn0[i]! - before0[i]!) / -alpha).toBeCloseTo(numeric(before0, i, true), 3);
      for (const t of targets) {
        const j = t * dim + d;
        expect((syn1[j]! - before1[j]!) / -alpha).toBeCloseTo(numeric(before1, j, false), 3);
      }
    }
    // Rows outside the pair do not move.
    expect(syn0[0]).toBe(Math.fround(before0[0]!));
    expect(syn1[1 * dim]).toBe(Math.fround(before1[1 * dim]!));
  });

  it('stays finite for large scores', () => {
    const syn0 = vectors(3, 40);
    const syn1 = vectors(4, 40);
    const loss = sgnsPairUpdate(syn0, 0, syn1, Int32Array.from([1, 2]), 2, dim, 0.025, new Float32Array(dim));
    expect(Number.isFinite(loss)).toBe(true);
    expect(syn0.every(Number.isFinite)).toBe(true);
  });
});

describe('maxScore (gensim skips targets scored beyond ±6)', () => {
  it('leaves targets with |u·v| >= maxScore as they were, in both steps alike', () => {
    const cells = V * dim;
    const storage = vectorStorage(cells, dim, 3, 1);
    const kernel = simdKernel(storage.memory!)!;
    const syn0 = new Float32Array(storage.vectors, 0, cells);
    const syn1 = new Float32Array(storage.vectors, cells * 4, cells);
    const scratch = scratchAt(cells, dim, 3, 0);
    const targets = new Int32Array(storage.vectors, scratch.targets, 4);
    const js0 = vectors(7, 3);
    const js1 = vectors(8, 3);
    syn0.set(js0);
    syn1.set(js1);
    targets.set([1, 4, 6, 8]);
    const inRow = 3 * dim;
    const dots = Array.from(targets, (t) => {
      let d = 0;
      for (let k = 0; k < dim; k++) d += js0[inRow + k]! * js1[t * dim + k]!;
      return d;
    });
    const limit = [...dots].map(Math.abs).sort((a, b) => a - b)[2]!; // the two largest |dots| are skipped
    const before = Float32Array.from(js1);
    const loss = sgnsPairUpdate(js0, inRow, js1, targets, 4, dim, 0.1, new Float32Array(dim), limit);
    expect(loss).toBeCloseTo(negativeSamplingLoss(Float64Array.from(syn0), inRow, Float64Array.from(before), targets, 4, dim), 4);
    targets.forEach((t, k) => {
      const row = Array.from(js1.subarray(t * dim, (t + 1) * dim));
      const was = Array.from(before.subarray(t * dim, (t + 1) * dim));
      if (Math.abs(dots[k]!) >= limit) expect(row).toEqual(was);
      else expect(row).not.toEqual(was);
    });
    const layout = { syn1: cells * 4, targets: scratch.targets, work: scratch.work, tables: tablesAt(cells) };
    sgnsPairUpdateSimd(kernel, layout, inRow * 4, 4, dim * 4, 0.1, limit);
    for (let i = 0; i < cells; i++) {
      expect(syn0[i]).toBeCloseTo(js0[i]!, 4);
      expect(syn1[i]).toBeCloseTo(js1[i]!, 4);
    }
  });
});

describe('scratchAt', () => {
  it("puts each thread's scratch on cache lines of its own", () => {
    for (const [dim, negatives] of [[32, 5], [8, 3], [100, 20]] as const) {
      const lines = (p: number) => {
        const s = scratchAt(1000 * dim, dim, negatives, p);
        // 128-byte blocks: a pair of 64-byte lines the prefetcher fetches together
        return [Math.floor(s.work / 128), Math.floor((s.targets + (negatives + 1) * 4 - 1) / 128)] as const;
      };
      const [, last0] = lines(0);
      const [first1] = lines(1);
      expect(first1).toBeGreaterThan(last0);
    }
  });
});

describe('sgnsPairUpdateSimd (WebAssembly kernel)', () => {
  it('matches the JavaScript step', () => {
    const cells = V * dim;
    const storage = vectorStorage(cells, dim, 3, 1);
    const memory = storage.memory;
    expect(memory).toBeDefined();
    const kernel = simdKernel(memory!)!;
    const syn0 = new Float32Array(storage.vectors, 0, cells);
    const syn1 = new Float32Array(storage.vectors, cells * 4, cells);
    const scratch = scratchAt(cells, dim, 3, 0);
    const targets = new Int32Array(storage.vectors, scratch.targets, 4);
    const js0 = vectors(5, 1);
    const js1 = vectors(6, 1);
    syn0.set(js0);
    syn1.set(js1);
    const work = new Float32Array(dim);
    for (let step = 0; step < 20; step++) {
      targets.set([step % V, (step * 4 + 1) % V, (step * 7 + 2) % V, (step * 2 + 5) % V]);
      const inRow = ((step * 5) % V) * dim;
      const expected = sgnsPairUpdate(js0, inRow, js1, targets, 4, dim, 0.3, work);
      const layout = { syn1: cells * 4, targets: scratch.targets, work: scratch.work, tables: tablesAt(cells) };
      const got = sgnsPairUpdateSimd(kernel, layout, inRow * 4, 4, dim * 4, 0.3);
      expect(got).toBeCloseTo(expected, 4);
    }
    for (let i = 0; i < cells; i++) {
      expect(syn0[i]).toBeCloseTo(js0[i]!, 4);
      expect(syn1[i]).toBeCloseTo(js1[i]!, 4);
    }
    expect(new Float32Array(storage.vectors, scratch.work, dim).every((x) => x === 0)).toBe(true);
  });
});
