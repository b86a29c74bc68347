/**
 * The 32-bit finaliser of MurmurHash3 (`fmix32`): an avalanche mix in which every input bit
 * changes each output bit with probability about ½. MurmurHash3 ends with it, and
 * `deriveSeed` uses it to turn (seed, stream) into well-spread seeds.
 *
 * ```ts
 * fmix32(1); // 0x514e28b7, MurmurHash3_x86_32 of no bytes with seed 1
 * ```
 *
 * @param h any number; only its low 32 bits are used.
 * @returns an unsigned 32-bit integer.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
