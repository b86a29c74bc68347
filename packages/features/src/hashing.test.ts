import { Hashing } from './hashing';
import { throughJson } from './test-utils';

describe('Hashing', () => {
  // Expected bins follow from published MurmurHash3 vectors (seed 0x9747b28c), e.g.
  // murmur3("Hello, world!") = 0x24884cba = 612912314 -> 612912314 mod 1000 = 314.
  const salt = 0x9747b28c;
  const inputs = ['Hello, world!', 'aaaa', 'The quick brown fox jumps over the lazy dog', 'ππππππππ'];

  it('is deterministic: fixed bins on every machine', () => {
    const hashing = new Hashing({ numBins: 1000, salt });
    expect(Array.from(hashing.transform(inputs))).toEqual([314, 282, 133, 153]);
    expect(hashing.hash('Hello, world!')).toBe(314);
  });

  it('sends the mask to bin 0 and others to 1 + hash mod (numBins - 1)', () => {
    const hashing = new Hashing({ numBins: 1000, salt, mask: '' });
    expect(Array.from(hashing.transform(['', ...inputs]))).toEqual([0, 840, 682, 483, 700]);
  });

  it('spreads values over all bins and gives numbers their string form', () => {
    const hashing = new Hashing({ numBins: 8 });
    const bins = hashing.transform(Array.from({ length: 400 }, (_, i) => `id-${i}`));
    expect(new Set(bins).size).toBe(8);
    expect(hashing.hash(42)).toBe(hashing.hash('42'));
    expect(hashing.vocabularySize).toBe(8);
    expect(hashing.fit(['ignored']).fitted).toBe(true);
  });

  it('gives different bins with a different salt', () => {
    const values = Array.from({ length: 50 }, (_, i) => `v${i}`);
    const a = new Hashing({ numBins: 1 << 20, salt: 1 }).transform(values);
    const b = new Hashing({ numBins: 1 << 20, salt: 2 }).transform(values);
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });

  it('checks its options and values, naming them', () => {
    expect(() => new Hashing({} as { numBins: number })).toThrow(/option numBins is required/);
    expect(() => new Hashing({ numBins: 1, mask: '' })).toThrow(/option numBins is 1; it must be an integer in \[2, /);
    expect(() => new Hashing({ numBins: 10, salt: -1 })).toThrow(/option salt is -1/);
    expect(() => new Hashing({ numBins: 10, name: 'genre' }).transform(['a', [1]] as unknown as string[])).toThrow('genre: row 1 is an array');
  });

  it('round-trips through JSON with identical outputs', () => {
    const hashing = new Hashing({ numBins: 97, salt: 12345, mask: '?', name: 'tag' });
    const restored = Hashing.fromJSON(throughJson(hashing));
    const probe = Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? '?' : `t${i}`));
    expect(Array.from(restored.transform(probe))).toEqual(Array.from(hashing.transform(probe)));
    expect(restored.toJSON()).toEqual(hashing.toJSON());
  });
});
