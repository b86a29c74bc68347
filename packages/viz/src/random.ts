import { boxMuller, mulberry32 } from '@twotower/utils';

/**
 * A seeded pseudo-random generator: `mulberry32` and `boxMuller` of `@twotower/utils` over one
 * stream. The same seed gives the same sequence on every platform, which is what makes t-SNE
 * runs reproducible.
 */
export class SeededRandom {
  /** A uniform number in [0, 1). */
  readonly next: () => number;
  /** A standard normal number (Box-Muller, the second value of each pair is kept for the next call). */
  readonly normal: () => number;

  /** @param seed any integer; only its low 32 bits are used. */
  constructor(seed: number) {
    this.next = mulberry32(seed);
    this.normal = boxMuller(this.next);
  }
}
