import { rng } from '../test-utils';
import { sharedF32 } from './gemm';
import { combineInto } from './strassen-combine';
import { rowTaskArrays, rowTaskSize, rowTaskUnits, runRowTask, runRowTaskRange, type RowTask } from './row-tasks';

function randomArray(length: number, seed: number): Float32Array {
  const r = rng(seed);
  const a = sharedF32(length);
  for (let i = 0; i < a.length; i++) a[i] = r() * 2 - 1;
  return a;
}

/** Runs `t` unit range by unit range in a shuffled order of ranges of `step` units. */
function runInPieces(t: RowTask, step: number): void {
  const units = rowTaskUnits(t);
  const starts: number[] = [];
  for (let u = 0; u < units; u += step) starts.push(u);
  for (const u of starts.reverse()) runRowTaskRange(t, u, Math.min(units, u + step));
}

describe('row tasks', () => {
  it('mirrorLower: the upper triangle of the block becomes the lower one, whole or in pieces of tile rows', () => {
    const n = 300;
    for (const [r0, s, step] of [
      [0, 300, 1],
      [37, 200, 2],
      [5, 64, 1],
    ] as const) {
      const whole = randomArray(n * n, 1);
      const pieces = Float32Array.from(whole);
      const before = Float32Array.from(whole);
      runRowTask({ kernel: 'mirrorLower', a: whole, n, r0, s });
      runInPieces({ kernel: 'mirrorLower', a: pieces, n, r0, s }, step);
      expect(pieces).toEqual(whole);
      let wrong = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const inBlock = i >= r0 && i < r0 + s && j >= r0 && j < r0 + s;
          const expected = inBlock && j > i ? before[j * n + i]! : before[i * n + j]!;
          if (whole[i * n + j] !== expected) wrong++;
        }
      }
      expect({ r0, s, wrong }).toEqual({ r0, s, wrong: 0 });
    }
  });

  it('transpose: the source block lands transposed, whole or in pieces', () => {
    const n = 260;
    const whole = randomArray(n * n, 2);
    const pieces = Float32Array.from(whole);
    const t: RowTask = { kernel: 'transpose', a: whole, n, r0: 10, c0: 140, rows: 130, cols: 100 };
    runRowTask(t);
    runInPieces({ ...t, a: pieces }, 1);
    expect(pieces).toEqual(whole);
    for (const [i, j] of [
      [0, 0],
      [129, 99],
      [64, 37],
    ] as const) {
      expect(whole[(140 + j) * n + 10 + i]).toBe(whole[(10 + i) * n + 140 + j]);
    }
    expect(rowTaskUnits(t)).toBe(3);
  });

  it('combine: row ranges give what one pass gives, with C cropped', () => {
    const [h, w] = [37, 29];
    const m = Array.from({ length: 7 }, (_, i) => randomArray(h * w, 10 + i));
    for (const mode of ['set', 'add', 'sub'] as const) {
      const c0 = randomArray(80 * 60, 3);
      const c = { data: Float32Array.from(c0), offset: 61, stride: 60, rows: 2 * h - 1, cols: 2 * w - 3 };
      const ref = { ...c, data: Float32Array.from(c0) };
      combineInto(ref, m, h, w, mode);
      runInPieces({ kernel: 'combine', c, m, h, w, mode }, 5);
      expect(c.data).toEqual(ref.data);
      // C₁₁ = M₁ + M₂ at (3, 4)
      const x = m[0]![3 * w + 4]! + m[1]![3 * w + 4]!;
      const old = c0[61 + 3 * 60 + 4]!;
      expect(c.data[61 + 3 * 60 + 4]).toBeCloseTo(mode === 'set' ? x : mode === 'add' ? old + x : old - x, 5);
    }
  });

  it('scaleColumns: rows [row0, row0 + rows) scaled by column with a zero diagonal, the others untouched', () => {
    const n = 50;
    const a = randomArray(n * n, 4);
    const before = Float32Array.from(a);
    const scale = new Float64Array(new SharedArrayBuffer(8 * n)).map((_, j) => -1 / (j + 1));
    const t: RowTask = { kernel: 'scaleColumns', a, n, scale, row0: 10, rows: 20 };
    runInPieces(t, 3);
    for (let i = 0; i < n; i++) {
      for (const j of [0, 7, i, 49]) {
        const inside = i >= 10 && i < 30;
        const expected = !inside ? before[i * n + j]! : i === j ? 0 : Math.fround(before[i * n + j]! * scale[j]!);
        expect(a[i * n + j]).toBe(expected);
      }
    }
    expect([rowTaskUnits(t), rowTaskSize(t), rowTaskArrays(t).length]).toEqual([20, 1000, 2]);
  });
});
