import { Discretization } from './discretization';
import { Hashing } from './hashing';
import { IntegerLookup } from './integer-lookup';
import { Normalization } from './normalization';
import { preprocessorFromJSON } from './preprocessor';
import { StringLookup } from './string-lookup';
import { throughJson } from './test-utils';
import { TextVectorization } from './text-vectorization';

describe('preprocessorFromJSON', () => {
  it('restores every preprocessor type from its JSON', () => {
    const all = [
      new StringLookup().fit(['a']),
      new IntegerLookup().fit([1]),
      new Hashing({ numBins: 4 }),
      Discretization.equalWidth({ bins: 2 }).fit([0, 1]),
      new Normalization().fit([0, 1]),
      new TextVectorization().fit(['a b']),
    ];
    for (const p of all) {
      const restored = preprocessorFromJSON(throughJson(p));
      expect(restored.type).toBe(p.type);
      expect(restored.toJSON()).toEqual(p.toJSON());
    }
  });

  it('names the known types for an unknown one', () => {
    expect(() => preprocessorFromJSON({ type: 'CategoryCrossing' })).toThrow(
      'preprocessor: "type" is "CategoryCrossing"; expected one of StringLookup, IntegerLookup, Hashing, Discretization, Normalization, TextVectorization.',
    );
  });
});
