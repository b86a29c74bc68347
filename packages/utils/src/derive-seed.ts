import { fmix32 } from './fmix32';

/**
 * A seed derived from a base seed and a stream number (an epoch, a worker, a purpose): the
 * stream is spread by the golden-ratio constant, xored into the seed and mixed with
 * `fmix32`, so that neighbouring streams give unrelated `mulberry32` sequences.
 *
 * ```ts
 * const epochRandom = mulberry32(deriveSeed(seed, epoch));
 * deriveSeed(42, 0); // 862081050
 * ```
 *
 * @param seed base seed; only its low 32 bits are used.
 * @param stream stream number (an integer).
 * @returns an unsigned 32-bit integer.
 */
export function deriveSeed(seed: number, stream: number): number {
  return fmix32((seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0);
}
