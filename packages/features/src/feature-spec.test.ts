import { FeatureError } from './errors';
import { validateFeatureSpec, validateFeatureSpecs } from './feature-spec';

describe('validateFeatureSpec', () => {
  it('accepts the spec shapes of the issue', () => {
    const specs = [
      { name: 'user_id', kind: 'categorical', source: 'user', embeddingDim: 32 },
      { name: 'timestamp_bucket', kind: 'discretized', source: 'timestamp', bins: 1000, embeddingDim: 32 },
      { name: 'timestamp', kind: 'numeric', source: 'timestamp', normalize: true },
      { name: 'title_id', kind: 'categorical', source: 'item' },
      { name: 'title_text', kind: 'text', source: 'title', maxTokens: 10000, sequenceLength: 16, embeddingDim: 32 },
      { name: 'tag', kind: 'hashed', source: 'tag', bins: 100, salt: 3 },
    ];
    expect(validateFeatureSpecs(specs)).toEqual(specs);
  });

  it('rejects an unknown kind, naming the feature and the allowed kinds', () => {
    expect(() => validateFeatureSpec({ name: 'genre', kind: 'multi-hot', source: 'genres' })).toThrow(
      'feature "genre": kind "multi-hot" is not a feature kind; use one of categorical, hashed, discretized, numeric, text.',
    );
    try {
      validateFeatureSpec({ name: 'genre', source: 'genres' });
    } catch (e) {
      expect(e).toBeInstanceOf(FeatureError);
      expect((e as FeatureError).code).toBe('invalid-spec');
      expect((e as FeatureError).feature).toBe('genre');
    }
  });

  it('names the field at fault and what is allowed', () => {
    expect(() => validateFeatureSpec({ kind: 'numeric', source: 'x' }, 'specs[3]')).toThrow('specs[3]: "name" must be a non-empty string');
    expect(() => validateFeatureSpec({ name: 'a', kind: 'numeric' })).toThrow('feature "a": "source" must be the name of an input column');
    expect(() => validateFeatureSpec({ name: 'a', kind: 'hashed', source: 'x' })).toThrow('feature "a": "bins" is required for kind hashed');
    expect(() => validateFeatureSpec({ name: 'a', kind: 'discretized', source: 'x', bins: 2.5 })).toThrow('feature "a": "bins" is 2.5; it must be an integer >= 1.');
    expect(() => validateFeatureSpec({ name: 'a', kind: 'discretized', source: 'x', bins: 4, method: 'log' })).toThrow('"method" is "log"; use one of equal-width, quantile.');
    expect(() => validateFeatureSpec({ name: 'a', kind: 'text', source: 'x', embedingDim: 32 })).toThrow(/unknown field "embedingDim" for kind text; allowed fields: name, kind, source, description, embeddingDim/);
    expect(() => validateFeatureSpec({ name: 'a', kind: 'numeric', source: 'x', normalize: 'yes' })).toThrow('"normalize" is "yes"; use true or false.');
    expect(() => validateFeatureSpec({ name: 'a', kind: 'categorical', source: 'x', lookup: 'integer', mask: 'pad' })).toThrow('"mask" is "pad"; with lookup "integer" it must be an integer.');
    expect(() => validateFeatureSpec('user')).toThrow(/a feature spec must be an object/);
  });

  it('rejects duplicate names', () => {
    expect(() =>
      validateFeatureSpecs([
        { name: 'a', kind: 'numeric', source: 'x' },
        { name: 'a', kind: 'numeric', source: 'y' },
      ]),
    ).toThrow('feature "a": the name is used by two specs (specs[1] repeats it)');
  });
});
