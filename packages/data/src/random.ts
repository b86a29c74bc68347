import { checkInteger } from './errors';

/**
 * A seeded uniform generator on [0, 1) (mulberry32: 32-bit state, fast, good enough for
 * shuffling and sampling; not cryptographic). The same seed gives the same sequence everywhere,
 * which is what makes splits and batches reproducible across packages and runs.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed derived from a base seed and a stream number (e.g. the epoch), well mixed (murmur3 finaliser). */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Shuffles `array` in place (Fisher-Yates, from the last index down: swap `i` with
 * `floor(random() * (i + 1))`) and returns it.
 */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(array: T, random: () => number): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = array[i];
    array[i] = array[j];
    array[j] = t;
  }
  return array;
}

/** `[0, 1, ..., n-1]` shuffled with {@link mulberry32}`(seed)` and {@link shuffleInPlace}. */
export function permutation(n: number, seed: number): Int32Array {
  checkInteger('n', n, 0, 2 ** 31 - 1);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffleInPlace(p, mulberry32(seed));
}
