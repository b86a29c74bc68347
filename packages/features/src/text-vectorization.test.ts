import { meanPoolingWeights, TextVectorization } from './text-vectorization';
import { throughJson } from './test-utils';

const titles = ['Star Wars (1977)', 'Star Trek: First Contact (1996)', 'Return of the Jedi (1983)', 'Star Trek VI (1991)'];

describe('TextVectorization', () => {
  it('maps tokens to ids with padding 0 and OOV 1, most frequent first', () => {
    const text = new TextVectorization({ outputSequenceLength: 4 }).fit(['Star Wars (1977)', 'Star Trek']);
    expect(text.tokenize('Star Wars (1977)')).toEqual(['star', 'wars', '1977']);
    expect(text.getVocabulary()).toEqual(['', '[UNK]', 'star', '1977', 'trek', 'wars']);
    expect(Array.from(text.transform(['Star Wars (1977)']))).toEqual([2, 5, 3, 0]);
    expect(Array.from(text.transform(['STAR   dust!']))).toEqual([2, 1, 0, 0]);
    expect(text.inverse(0)).toBe('');
    expect(text.inverse(1)).toBe('[UNK]');
  });

  it('pads and truncates to outputSequenceLength and reports lengths', () => {
    const text = new TextVectorization({ outputSequenceLength: 3 }).fit(titles);
    const { ids, lengths } = text.transformWithLengths(['star trek first contact 1996', 'jedi', '']);
    expect(ids).toHaveLength(9);
    expect(Array.from(lengths)).toEqual([3, 1, 0]);
    expect(Array.from(ids.subarray(0, 3))).toEqual([text.getVocabulary().indexOf('star'), text.getVocabulary().indexOf('trek'), text.getVocabulary().indexOf('first')]);
    expect(Array.from(ids.subarray(3, 9))).toEqual([text.getVocabulary().indexOf('jedi'), 0, 0, 0, 0, 0]);
    expect(text.outputSize).toBe(3);
  });

  it('defaults outputSequenceLength to the longest fitted text', () => {
    const text = new TextVectorization().fit(titles);
    expect(text.outputSequenceLength).toBe(5); // 'return of the jedi 1983' / 'star trek first contact 1996'
    expect(new TextVectorization().fit(['', '!!']).outputSequenceLength).toBe(1);
  });

  it('keeps at most maxTokens ids (padding and OOV included)', () => {
    const text = new TextVectorization({ maxTokens: 4 }).fit(titles);
    expect(text.vocabularySize).toBe(4);
    expect(text.vocabulary).toEqual(['star', 'trek']);
    expect(text.maxTokens).toBe(4);
    expect(new TextVectorization().maxTokens).toBe(10000);
  });

  it('names the row of a value of the wrong type', () => {
    const text = new TextVectorization({ name: 'title_text' }).fit(titles);
    expect(() => text.transform(['ok', null] as unknown as string[])).toThrow('title_text: row 1 is null; expected a string or a finite number.');
  });

  it('round-trips through JSON with identical outputs', () => {
    const text = new TextVectorization({ maxTokens: 8, numOovIndices: 2, minCount: 1, standardize: 'lower' }).fit(titles);
    const restored = TextVectorization.fromJSON(throughJson(text));
    const probe = [...titles, 'the unknown (2024)', 'Star! Star? star'];
    expect(restored.transformWithLengths(probe)).toEqual(text.transformWithLengths(probe));
    expect(restored.toJSON()).toEqual(text.toJSON());
  });
});

describe('meanPoolingWeights', () => {
  it('puts 1/length on real tokens and 0 on padding and empty rows', () => {
    const w = meanPoolingWeights(Int32Array.from([2, 0, 4]), 4);
    expect(Array.from(w)).toEqual([0.5, 0.5, 0, 0, 0, 0, 0, 0, 0.25, 0.25, 0.25, 0.25]);
  });
});
