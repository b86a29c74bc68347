import { tf, createRandom as rng } from '@twotower/runtime';

export { rng };

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
