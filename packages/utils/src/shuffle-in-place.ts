/**
 * Shuffles `array` in place with the Fisher-Yates algorithm, from the last index down: `i` is
 * swapped with `floor(random() * (i + 1))`. Every order is equally likely with a uniform
 * `random`; with a seeded one (`mulberry32`) the order is reproducible.
 *
 * ```ts
 * shuffleInPlace(Int32Array.from([0, 1, 2, 3]), mulberry32(1));
 * ```
 *
 * @param array any indexable array (plain or typed).
 * @param random uniform numbers in [0, 1).
 * @returns `array`.
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
