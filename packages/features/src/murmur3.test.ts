import { murmur3, murmur3Bytes } from './murmur3';

describe('murmur3', () => {
  // Published MurmurHash3_x86_32 test vectors: fixed values pin the hash on every machine.
  it.each([
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['\0\0\0\0', 0, 0x2362f9de],
    ['aaaa', 0x9747b28c, 0x5a97808a],
    ['aaa', 0x9747b28c, 0x283e0130],
    ['aa', 0x9747b28c, 0x5d211726],
    ['a', 0x9747b28c, 0x7fa09ea6],
    ['abcd', 0x9747b28c, 0xf0478627],
    ['abc', 0x9747b28c, 0xc84a62dd],
    ['ab', 0x9747b28c, 0x74875592],
    ['Hello, world!', 0x9747b28c, 0x24884cba],
    ['ππππππππ', 0x9747b28c, 0xd58063c1],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ])('hash(%j, %d) = %d', (text, seed, expected) => {
    expect(murmur3(text, seed)).toBe(expected);
  });

  it('hashes the UTF-8 bytes, exactly as TextEncoder encodes them', () => {
    // 'é' (2 bytes), '€' (3 bytes), '😀' (surrogate pair, 4 bytes), a lone surrogate (U+FFFD)
    for (const s of ['é', 'naïve café', '€100', '😀 smile', 'bad \ud800 surrogate', 'end \udbff']) {
      expect(murmur3(s, 42)).toBe(murmur3Bytes(new TextEncoder().encode(s), 42));
    }
  });

  it('handles long strings (buffer growth) deterministically', () => {
    const long = 'x'.repeat(10000) + 'é'.repeat(500);
    expect(murmur3(long, 7)).toBe(murmur3(long, 7));
    expect(murmur3(long, 7)).not.toBe(murmur3(long, 8));
  });
});
