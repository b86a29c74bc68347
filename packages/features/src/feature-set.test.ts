import { FeatureError } from './errors';
import { FeatureSet } from './feature-set';
import type { FeatureSpec } from './feature-spec';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from './movielens-specs';
import { throughJson } from './test-utils';

const columns = {
  user: ['196', '186', '22', '196', '244', '196', '186'],
  item: [242, 302, 377, 51, 346, 474, 265],
  timestamp: [881250949, 891717742, 878887116, 880606923, 886397596, 884182806, 881171488],
  title: ['Kolya (1996)', 'L.A. Confidential (1997)', 'Heavyweights (1994)', 'Legends of the Fall (1994)', 'Jackie Brown (1997)', 'Dr. Strangelove (1963)', 'Hunt for Red October, The (1990)'],
  tag: ['a', 'b', 'c', 'a', 'b', 'c', 'a'],
};

const specs: FeatureSpec[] = [
  ...movieLensQuerySpecs(),
  ...movieLensCandidateSpecs({ titleSequenceLength: 4 }),
  { name: 'tag_hash', kind: 'hashed', source: 'tag', bins: 16 },
  { name: 'ts_quantile', kind: 'discretized', source: 'timestamp', bins: 3, method: 'quantile' },
  { name: 'ts_raw', kind: 'numeric', source: 'timestamp', normalize: false },
  { name: 'item_int', kind: 'categorical', source: 'item', lookup: 'integer', numOovIndices: 2 },
];

describe('FeatureSet', () => {
  it('fits every feature and transforms a batch into typed arrays', () => {
    const set = FeatureSet.fit(specs, columns);
    const out = set.transform(columns);
    expect(Object.keys(out)).toEqual(set.names);

    expect(out.user_id).toEqual({ kind: 'categorical', values: Int32Array.from([1, 2, 3, 1, 4, 1, 2]), width: 1, cardinality: 5 });
    expect(out.timestamp_bucket!.values).toBeInstanceOf(Int32Array);
    expect(out.timestamp_bucket!.cardinality).toBe(1000);
    expect(out.timestamp_bucket!.values[2]).toBe(0); // the earliest timestamp
    expect(out.timestamp_bucket!.values[1]).toBe(999); // the latest
    expect(out.timestamp!.values).toBeInstanceOf(Float32Array);
    expect(out.timestamp!.cardinality).toBeUndefined();
    const z = Array.from(out.timestamp!.values);
    expect(Math.abs(z.reduce((a, b) => a + b, 0))).toBeLessThan(1e-5);

    const text = out.title_text!;
    expect(text.width).toBe(4);
    expect(text.values).toHaveLength(7 * 4);
    expect(Array.from(text.lengths!)).toEqual([2, 3, 2, 4, 3, 3, 4]);
    expect(out.ts_raw).toEqual({ kind: 'numeric', values: Float32Array.from(columns.timestamp), width: 1 });
    expect(out.item_int!.cardinality).toBe(9);
    expect(out.tag_hash!.cardinality).toBe(16);
  });

  it('maps unknown values to OOV ids, never throwing', () => {
    const set = FeatureSet.fit(specs, columns);
    const fresh = { user: ['nobody'], item: [99999], timestamp: [2e9], title: ['Completely Unknown Words'], tag: ['zzz'] };
    const out = set.transform(fresh);
    expect(out.user_id!.values[0]).toBe(0);
    expect(out.title_id!.values[0]).toBe(0);
    expect(out.timestamp_bucket!.values[0]).toBe(999); // clamped
    expect(Array.from(out.title_text!.values)).toEqual([1, 1, 1, 0]);
    expect([0, 1]).toContain(out.item_int!.values[0]);
  });

  it('transforms selected rows (a batch) identically to the full column', () => {
    const set = FeatureSet.fit(specs, columns);
    const full = set.transform(columns);
    const rows = [6, 0, 3];
    const batch = set.transform(columns, rows);
    for (const name of set.names) {
      const { values, width } = full[name]!;
      const expected = rows.flatMap((r) => Array.from(values.subarray(r * width, (r + 1) * width)));
      expect(Array.from(batch[name]!.values)).toEqual(expected);
    }
    expect(() => set.transform(columns, [7])).toThrow(/rows\[0\] = 7 is not a row of a column with 7 values/);
  });

  it('round-trips fit -> JSON.stringify -> JSON.parse -> fromJSON with identical outputs', () => {
    const set = FeatureSet.fit(specs, columns);
    const restored = FeatureSet.fromJSON(throughJson(set));
    expect(restored.transform(columns)).toEqual(set.transform(columns));
    const probe = { user: ['x', '22'], item: [1, 474], timestamp: ['881250949', 1], title: ['Kolya', 'the the'], tag: ['q', 'a'] };
    expect(restored.transform(probe)).toEqual(set.transform(probe));
    expect(restored.toJSON()).toEqual(set.toJSON());
    expect(restored.describe()).toEqual(set.describe());
  });

  it('describes each feature: kind, width, cardinality and what was fitted', () => {
    const set = FeatureSet.fit(specs, columns);
    const d = set.describe();
    expect(d[0]).toEqual({ name: 'user_id', kind: 'categorical', source: 'user', preprocessor: 'StringLookup', width: 1, cardinality: 5, embeddingDim: 32, summary: '4 values learned + 1 OOV id = 5 ids' });
    expect(d[1]!.summary).toBe('1000 equal-width buckets over [878887116, 891717742]');
    expect(d[2]!.summary).toMatch(/^\(x - 8\.8\d+e\+8\) \/ 4\.\d+e\+6$/);
    expect(d[4]).toMatchObject({ name: 'title_text', width: 4, preprocessor: 'TextVectorization' });
    expect(d[4]!.summary).toMatch(/tokens learned \(max 10000 ids\) \+ padding 0 \+ 1 OOV; 4 tokens per row/);
    expect(d.find((x) => x.name === 'ts_raw')).toMatchObject({ preprocessor: 'none', width: 1 });
    expect(set.sources).toEqual(['user', 'timestamp', 'item', 'title', 'tag']);
    expect(set.preprocessor('ts_raw')).toBeNull();
    expect(set.spec('tag_hash').kind).toBe('hashed');
    expect(() => set.preprocessor('age')).toThrow(/no feature "age"; the features are "user_id", "timestamp_bucket"/);
  });

  it('rejects a bad spec or a missing source column, naming the feature and the choices', () => {
    expect(() => FeatureSet.fit([{ name: 'genre', kind: 'bag', source: 'tag' } as unknown as FeatureSpec], columns)).toThrow(
      'feature "genre": kind "bag" is not a feature kind; use one of categorical, hashed, discretized, numeric, text.',
    );
    expect(() => FeatureSet.fit([{ name: 'age', kind: 'numeric', source: 'age' }], columns)).toThrow(
      'feature "age": source column "age" is missing; the columns given are "user", "item", "timestamp", "title", "tag". Pass it or change the spec\'s "source".',
    );
    const set = FeatureSet.fit(movieLensQuerySpecs(), columns);
    expect(() => set.transform({ user: ['1'] })).toThrow(/feature "timestamp_bucket": source column "timestamp" is missing/);
    expect(() => set.transform({ user: ['1'], timestamp: [1, 2] })).toThrow('feature "timestamp_bucket": column "timestamp" has 2 values but column "user" has 1; all columns must describe the same rows.');
    expect(() => FeatureSet.fit(movieLensQuerySpecs(), { user: [], timestamp: [] })).toThrow(/the columns are empty/);
  });

  it('names the feature, column and row of a value of the wrong type', () => {
    const set = FeatureSet.fit(specs, columns);
    const bad = { ...columns, user: [...columns.user.slice(0, 5), { id: 3 }, '1'] as unknown as string[] };
    expect(() => set.transform(bad)).toThrow('feature "user_id" (column "user"): row 5 is an object; expected a string or a finite number.');
    try {
      set.transform({ ...columns, timestamp: [...columns.timestamp.slice(0, 6), Number.NaN] });
    } catch (e) {
      expect(e).toBeInstanceOf(FeatureError);
      expect((e as FeatureError).message).toMatch(/^feature "timestamp_bucket" \(column "timestamp"\): row 6 is NaN/);
      expect((e as FeatureError).feature).toBe('timestamp_bucket');
      expect((e as FeatureError).row).toBe(6);
    }
    expect(() => set.transform({ ...columns, ts: 0, timestamp: [...columns.timestamp.slice(0, 6), null] } as unknown as typeof columns)).toThrow(
      /feature "timestamp_bucket" \(column "timestamp"\): row 6 is null/,
    );
  });

  it('checks and types the expected feature names on restore', () => {
    const json = throughJson(FeatureSet.fit(movieLensQuerySpecs(), columns));
    const set = FeatureSet.fromJSON(json, ['timestamp', 'user_id', 'timestamp_bucket']);
    expect(set.transform(columns).user_id.values).toHaveLength(7); // typed: no undefined check needed
    expect(() => FeatureSet.fromJSON(json, ['user_id', 'age'])).toThrow(
      'FeatureSet: expected features "user_id", "age" but the JSON has "user_id", "timestamp_bucket", "timestamp" (missing age) (unexpected timestamp_bucket, timestamp).',
    );
  });

  it('refuses JSON of another format, a newer version or a mismatched preprocessor', () => {
    const json = FeatureSet.fit(movieLensQuerySpecs(), columns).toJSON();
    expect(() => FeatureSet.fromJSON({ ...json, format: 'other' })).toThrow(/"format" is "other", expected "twotower-features"/);
    expect(() => FeatureSet.fromJSON({ ...json, version: 9 })).toThrow(/newer @twotower\/features \(format version 9; this one reads up to 1\)/);
    const swapped = { ...json, features: [json.features[1], { ...json.features[1]!, spec: json.features[0]!.spec }] };
    expect(() => FeatureSet.fromJSON(swapped)).toThrow(/feature "user_id" of kind categorical has preprocessor Discretization; expected StringLookup or IntegerLookup/);
  });
});
