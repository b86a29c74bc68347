import { FeatureError } from './errors';
import { StringLookup } from './string-lookup';
import { throughJson } from './test-utils';

describe('StringLookup', () => {
  it('learns a vocabulary by frequency, ties by code units, after one OOV id', () => {
    const lookup = new StringLookup().fit(['b', 'a', 'c', 'b', 'c', 'b', 'd', 'B']);
    // b ×3, c ×2, then a, B, d ×1 ordered by code units ('B' < 'a' < 'd')
    expect(lookup.vocabulary).toEqual(['b', 'c', 'B', 'a', 'd']);
    expect(lookup.getVocabulary()).toEqual(['[UNK]', 'b', 'c', 'B', 'a', 'd']);
    expect(lookup.vocabularySize).toBe(6);
    expect(lookup.outputSize).toBe(1);
    expect(Array.from(lookup.transform(['b', 'c', 'B', 'a', 'd', 'zzz']))).toEqual([1, 2, 3, 4, 5, 0]);
  });

  it('does not depend on input order', () => {
    const a = new StringLookup().fit(['x', 'y', 'z', 'y']);
    const b = new StringLookup().fit(['y', 'z', 'y', 'x']);
    expect(a.vocabulary).toEqual(b.vocabulary);
  });

  it('puts the mask at id 0, then the OOV ids, then the vocabulary', () => {
    const lookup = new StringLookup({ mask: '', numOovIndices: 2 }).fit(['a', 'a', '', '', '', 'b']);
    expect(lookup.maskId).toBe(0);
    expect(lookup.oovStart).toBe(1);
    expect(lookup.vocabularyStart).toBe(3);
    expect(lookup.getVocabulary()).toEqual(['', '[UNK]', '[UNK]', 'a', 'b']); // the mask is never learned
    expect(lookup.lookup('')).toBe(0);
    expect(lookup.lookup('a')).toBe(3);
    expect(lookup.inverse(0)).toBe('');
    expect(lookup.inverse(2)).toBe('[UNK]');
    expect(lookup.inverse(4)).toBe('b');
  });

  it('hashes unknown values into the OOV ids, the same id every time', () => {
    const lookup = new StringLookup({ numOovIndices: 4 }).fit(['known']);
    const unknown = Array.from({ length: 200 }, (_, i) => `u${i}`);
    const ids = lookup.transform(unknown);
    const again = lookup.transform(unknown);
    expect(Array.from(ids)).toEqual(Array.from(again));
    expect(new Set(ids)).toEqual(new Set([0, 1, 2, 3])); // all OOV slots used, nothing else
    expect(lookup.lookup('known')).toBe(4);
  });

  it('honours maxTokens (counting mask and OOV ids) and minCount', () => {
    const values = ['a', 'a', 'a', 'b', 'b', 'c'];
    expect(new StringLookup({ maxTokens: 3 }).fit(values).getVocabulary()).toEqual(['[UNK]', 'a', 'b']);
    expect(new StringLookup({ maxTokens: 3, mask: '-' }).fit(values).vocabulary).toEqual(['a']);
    expect(new StringLookup({ minCount: 2 }).fit(values).vocabulary).toEqual(['a', 'b']);
    expect(new StringLookup({ minCount: 2 }).fit(values).lookup('c')).toBe(0);
  });

  it('fits from precomputed counts exactly as from the values', () => {
    const values = ['b', 'a', 'c', 'b', 'c', 'b', '', 'd'];
    const counts = new Map([['b', 3], ['a', 1], ['c', 2], ['', 5], ['d', 1]]);
    expect(new StringLookup({ mask: '' }).fitCounts(counts).toJSON()).toEqual(new StringLookup({ mask: '' }).fit(values).toJSON());
    expect(() => new StringLookup().fitCounts(new Map([['a', -1]]))).toThrow(/the count of "a" is -1; counts must be non-negative integers/);
  });

  it('treats numbers as their string form', () => {
    const lookup = new StringLookup().fit([196, '196', 186]);
    expect(lookup.vocabulary).toEqual(['196', '186']);
    expect(Array.from(lookup.transform(['186', 196, 7]))).toEqual([2, 1, 0]);
  });

  it('transforms selected rows only', () => {
    const lookup = new StringLookup().fit(['a', 'b', 'b']);
    expect(Array.from(lookup.transform(['a', 'b', 'zzz'], [2, 0, 0]))).toEqual([0, 2, 2]);
    expect(() => lookup.transform(['a'], [1])).toThrow(/rows\[0\] = 1 is not a row of a column with 1 values/);
  });

  it('names the row of a value of the wrong type', () => {
    const lookup = new StringLookup({ name: 'user_id' }).fit(['a']);
    const bad = ['a', 'b', { id: 1 }] as unknown as string[];
    expect(() => lookup.transform(bad)).toThrow('user_id: row 2 is an object; expected a string or a finite number.');
    expect(() => new StringLookup().fit(['a', null] as unknown as string[])).toThrow(/row 1 is null/);
    try {
      lookup.transform(bad);
    } catch (e) {
      expect(e).toBeInstanceOf(FeatureError);
      expect((e as FeatureError).row).toBe(2);
      expect((e as FeatureError).code).toBe('invalid-value');
    }
  });

  it('refuses to transform before fit, and bad options, saying what to do', () => {
    expect(() => new StringLookup().transform(['a'])).toThrow(/not fitted; call fit\(values\)/);
    expect(() => new StringLookup({ numOovIndices: 0 })).toThrow(/option numOovIndices is 0; it must be an integer >= 1/);
    expect(() => new StringLookup({ maxTokens: 1 })).toThrow(/option maxTokens is 1; it must be an integer >= 2/);
    expect(() => new StringLookup().fit(['a']).inverse(5)).toThrow(/id 5 is not in \[0, 2\)/);
  });

  it('accepts a given vocabulary and rejects duplicates or the mask in it', () => {
    const lookup = StringLookup.fromVocabulary(['x', 'y'], { mask: '' });
    expect(Array.from(lookup.transform(['y', 'x', '', '?']))).toEqual([3, 2, 0, 1]);
    expect(() => StringLookup.fromVocabulary(['x', 'y', 'x'])).toThrow(/vocabulary\[2\] "x" repeats vocabulary\[0\]/);
    expect(() => StringLookup.fromVocabulary(['x', ''], { mask: '' })).toThrow(/vocabulary\[1\] is the mask token/);
  });

  it('round-trips through JSON with identical outputs', () => {
    const lookup = new StringLookup({ mask: '<pad>', numOovIndices: 3, maxTokens: 50, minCount: 1, name: 'title' });
    lookup.fit(Array.from({ length: 500 }, (_, i) => `v${(i * 7919) % 97}`));
    const restored = StringLookup.fromJSON(throughJson(lookup));
    const probe = [...Array.from({ length: 120 }, (_, i) => `v${i}`), '<pad>', 'nope'];
    expect(Array.from(restored.transform(probe))).toEqual(Array.from(lookup.transform(probe)));
    expect(restored.toJSON()).toEqual(lookup.toJSON());
    expect(restored.name).toBe('title');
  });

  it('refuses JSON of another type or a newer version', () => {
    const json = new StringLookup().fit(['a']).toJSON();
    expect(() => StringLookup.fromJSON({ ...json, type: 'IntegerLookup' })).toThrow(/"type" is "IntegerLookup", expected "StringLookup"/);
    expect(() => StringLookup.fromJSON({ ...json, version: 2 })).toThrow(/newer @twotower\/features \(format version 2; this one reads up to 1\)/);
    expect(() => StringLookup.fromJSON({ ...json, vocabulary: ['a', 3] })).toThrow(/"vocabulary"\[1\] is 3; expected a string/);
    expect(() => StringLookup.fromJSON('nope')).toThrow(/expected an object/);
  });
});
