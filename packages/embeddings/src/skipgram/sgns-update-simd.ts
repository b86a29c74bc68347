import type { SimdKernel } from './simd-kernel';

/**
 * {@link sgnsPairUpdate} in the WebAssembly SIMD kernel: the same step on vectors held in the
 * kernel's memory, addressed in bytes (`dim` a multiple of 4), with σ and softplus from
 * interpolated tables. Equal to the JavaScript step up to float32 rounding and the tables' error
 * (below 1e-6; σ is clamped to σ(±8) beyond ±8).
 *
 * @param k the kernel.
 * @param layout byte offsets in the kernel's memory: `syn1` (output vectors `[vocabulary × dim]`),
 *   `targets` (int32 ids, positive first), `work` (`dim` zero floats), `tables` (σ / softplus).
 * @param inRow byte offset of the input row.
 * @param count targets used (1 + negatives).
 * @param bytes `dim · 4`.
 * @param alpha learning rate.
 * @param maxScore targets with `|u·v| >= maxScore` get no update (`Infinity`: all are updated).
 * @returns the pair's loss before the update.
 */
export function sgnsPairUpdateSimd(k: SimdKernel, layout: KernelLayout, inRow: number, count: number, bytes: number, alpha: number, maxScore = Infinity): number {
  return k.pair(inRow, layout.syn1, layout.targets, count, bytes, alpha, layout.work, layout.tables, maxScore);
}

/** Byte offsets the kernel reads, for one thread. */
export interface KernelLayout {
  syn1: number;
  targets: number;
  work: number;
  tables: number;
}
