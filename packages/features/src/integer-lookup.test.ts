import { IntegerLookup } from './integer-lookup';
import { throughJson } from './test-utils';

describe('IntegerLookup', () => {
  it('learns integer ids by frequency, ties ascending', () => {
    const lookup = new IntegerLookup().fit([50, 7, 3, 7, 1682, 3, 7]);
    expect(lookup.vocabulary).toEqual([7, 3, 50, 1682]);
    expect(lookup.getVocabulary()).toEqual([-1, 7, 3, 50, 1682]);
    expect(Array.from(lookup.transform([7, 3, 50, 1682, 999]))).toEqual([1, 2, 3, 4, 0]);
    expect(lookup.inverse(0)).toBe(-1);
    expect(lookup.inverse(3)).toBe(50);
  });

  it('accepts integer strings, rejects non-integers naming the row', () => {
    const lookup = new IntegerLookup({ name: 'item' }).fit(['5', 5, ' 6 ']);
    expect(lookup.vocabulary).toEqual([5, 6]);
    expect(() => lookup.transform([5, 1.5])).toThrow('item: row 1 is the number 1.5; expected an integer (or an integer string).');
    expect(() => lookup.transform([5, 'abc'])).toThrow(/row 1 is the string "abc"/);
  });

  it('supports a mask value at id 0 and several OOV ids', () => {
    const lookup = new IntegerLookup({ mask: 0, numOovIndices: 2 }).fit([0, 0, 9, 9, 8]);
    expect(lookup.getVocabulary()).toEqual([0, -1, -1, 9, 8]);
    expect(lookup.lookup(0)).toBe(0);
    const oov = lookup.transform([100, 101, 102, 103, 104, 105]);
    for (const id of oov) expect([1, 2]).toContain(id);
  });

  it('round-trips through JSON with identical outputs', () => {
    const lookup = new IntegerLookup({ numOovIndices: 2, maxTokens: 20 }).fit(Array.from({ length: 300 }, (_, i) => (i * 31) % 41));
    const restored = IntegerLookup.fromJSON(throughJson(lookup));
    const probe = Array.from({ length: 60 }, (_, i) => i);
    expect(Array.from(restored.transform(probe))).toEqual(Array.from(lookup.transform(probe)));
    expect(restored.toJSON()).toEqual(lookup.toJSON());
    expect(() => IntegerLookup.fromJSON({ ...lookup.toJSON(), vocabulary: [1, 2.5] })).toThrow(/"vocabulary"\[1\] is 2.5; expected an integer/);
  });
});
