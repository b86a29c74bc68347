import { tf } from '@twotower/runtime';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randn2d(rows: number, cols: number, seed: number, scale = 1): tf.Tensor2D {
  const r = rng(seed);
  return tf.tensor2d(Array.from({ length: rows * cols }, () => (r() * 2 - 1) * scale), [rows, cols]);
}

export function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

/** Central finite-difference gradient of a scalar function of a flat parameter vector. */
export function numericGrad(f: (x: number[]) => number, x: number[], eps = 1e-3): number[] {
  return x.map((_, i) => {
    const p = x.slice(); p[i]! += eps;
    const m = x.slice(); m[i]! -= eps;
    return (f(p) - f(m)) / (2 * eps);
  });
}
