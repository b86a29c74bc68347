import { mulberry32, shuffleInPlace } from '@twotower/utils';
import { checkInteger } from './errors';

/** `[0, 1, ..., n-1]` shuffled with `shuffleInPlace` and `mulberry32(seed)` of `@twotower/utils`. */
export function permutation(n: number, seed: number): Int32Array {
  checkInteger('n', n, 0, 2 ** 31 - 1);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffleInPlace(p, mulberry32(seed));
}
