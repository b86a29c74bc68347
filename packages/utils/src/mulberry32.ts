/**
 * A seeded uniform generator on [0, 1): mulberry32 (32-bit state, fast, good enough for
 * shuffling, sampling and initial weights; not cryptographic). The same seed gives the same
 * sequence on every machine and in every package, which is what makes splits, batches, initial
 * weights and t-SNE layouts reproducible.
 *
 * ```ts
 * const random = mulberry32(42);
 * random(); // 0.6011037519201636
 * random(); // 0.44829055899754167
 * ```
 *
 * @param seed any number; only its low 32 bits are used (`seed >>> 0`).
 * @returns a function giving the next number of the stream, in [0, 1), each a multiple of 2⁻³².
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
