import { fmix32 } from '@twotower/utils';

/** Scratch buffer for UTF-8 bytes, grown on demand (hashing is single-threaded and synchronous). */
let scratch = new Uint8Array(256);

/**
 * Encode `text` as UTF-8 into the shared scratch buffer (lone surrogates become U+FFFD, as
 * `TextEncoder` does) and return the number of bytes written.
 */
function encodeUtf8(text: string): number {
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3 + 64);
  const out = scratch;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        out[n++] = 0xf0 | (cp >> 18);
        out[n++] = 0x80 | ((cp >> 12) & 0x3f);
        out[n++] = 0x80 | ((cp >> 6) & 0x3f);
        out[n++] = 0x80 | (cp & 0x3f);
        continue;
      }
      c = 0xfffd;
    }
    out[n++] = 0xe0 | (c >> 12);
    out[n++] = 0x80 | ((c >> 6) & 0x3f);
    out[n++] = 0x80 | (c & 0x3f);
  }
  return n;
}

function mixK(k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

/**
 * MurmurHash3 (x86, 32-bit) of the first `length` bytes of `bytes`.
 *
 * @param bytes the bytes to hash.
 * @param seed unsigned 32-bit seed. Default 0.
 * @param length how many bytes to hash. Default `bytes.length`.
 * @returns an unsigned 32-bit integer.
 */
export function murmur3Bytes(bytes: Uint8Array, seed = 0, length = bytes.length): number {
  const b = bytes;
  const len = length;
  let h = seed >>> 0;
  const blocks = len - (len & 3);
  let i = 0;
  for (; i < blocks; i += 4) {
    const k = b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
    h ^= mixK(k);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = len & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= b[i + 2]! << 16;
    if (tail >= 2) k ^= b[i + 1]! << 8;
    k ^= b[i]!;
    h ^= mixK(k);
  }
  return fmix32(h ^ len);
}

/**
 * MurmurHash3 (x86, 32-bit) of the UTF-8 bytes of `text`: the same value on every machine and
 * in every language that implements the algorithm (e.g. Python's `mmh3.hash(text, seed, signed=False)`).
 *
 * @param text any string; hashed as UTF-8 (lone surrogates as U+FFFD).
 * @param seed unsigned 32-bit seed (the salt). Default 0.
 * @returns an unsigned 32-bit integer.
 */
export function murmur3(text: string, seed = 0): number {
  const len = encodeUtf8(text);
  return murmur3Bytes(scratch, seed, len);
}
