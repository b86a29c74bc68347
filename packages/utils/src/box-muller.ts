/**
 * Standard normal samples from a uniform source by the Box-Muller transform: each pair of
 * uniforms `(u, v)` gives `r·cos(2πv)` now and `r·sin(2πv)` on the next call, with
 * `r = √(−2 ln u)` (a `u` of exactly 0 is drawn again). Deterministic for a seeded source.
 *
 * ```ts
 * const normal = boxMuller(mulberry32(1));
 * const x = normal(); // N(0, 1)
 * ```
 *
 * @param random uniform numbers in [0, 1), e.g. `mulberry32`; calls to it may be interleaved
 *   with calls to the returned function (they share the stream).
 * @returns a function giving the next standard normal number.
 */
export function boxMuller(random: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}
