import { checkPublishInput, nonZeroRows } from './check-input';
import { publishedSchema, publishedSetTable } from './layout';
import { PublishError } from './publish-error';
import type { PublishInput } from './publish-types';
import { tinyModel } from './test-utils';

function refusal(change: (m: PublishInput) => void, name = 'default'): PublishError {
  const m = tinyModel();
  change(m);
  try {
    checkPublishInput(m, name);
  } catch (e) {
    expect(e).toBeInstanceOf(PublishError);
    expect((e as PublishError).code).toBe('BAD_INPUT');
    return e as PublishError;
  }
  throw new Error('expected a refusal');
}

describe('checkPublishInput', () => {
  it('accepts the tiny model', () => {
    expect(() => checkPublishInput(tinyModel(), 'default')).not.toThrow();
  });

  it('names the field and row of a vector of the wrong width or not finite', () => {
    expect(refusal((m) => (m.items.vectors = new Float32Array(23))).message).toBe('items.vectors: holds 23 floats, but 6 ids × dim 4 = 24');
    expect(refusal((m) => (m.users.vectors[9] = NaN)).message).toMatch(/^users\.vectors row 2: the vector of "u2" is not finite \(NaN at column 1\)/);
    expect(refusal((m) => (m.sets![1]!.vectors[0] = Infinity)).field).toBe('sets[1].vectors row 0');
  });

  it('refuses repeated ids, NUL characters, mismatched lengths and bad seen items', () => {
    expect(refusal((m) => (m.items.ids = ['a', 'b', 'c', 'a', 'e', 'f'])).message).toBe('items.ids[3]: repeats id "a" (also row 0): ids must be unique');
    expect(refusal((m) => (m.users.ids = ['u0', 'u\u00001', 'u2', 'u3'])).field).toBe('users.ids[1]');
    expect(refusal((m) => (m.items.titles = ['x'])).message).toBe('items.titles: has 1 titles for 6 items');
    expect(refusal((m) => (m.users.lastTimestamp = [1, 2])).field).toBe('users.lastTimestamp');
    expect(refusal((m) => (m.users.seen = { offsets: Int32Array.from([0, 1, 1, 1, 1]), items: Int32Array.from([6]) })).message).toMatch(/^users\.seen\.items\[0\]: is 6, outside the 6 catalogue rows/);
    expect(refusal((m) => (m.users.seen = [['i0']])).message).toBe('users.seen: has 1 lists for 4 users');
  });

  it('refuses a version, name, width or set name that cannot be published', () => {
    expect(refusal((m) => (m.version = 'ABC')).field).toBe('version');
    expect(refusal(() => {}, '').field).toBe('name');
    expect(refusal((m) => (m.dim = 0)).field).toBe('dim');
    expect(refusal((m) => (m.sets![0]!.name = 'Item2Vec')).message).toMatch(/embedding set "Item2Vec" cannot name a table/);
    expect(refusal((m) => (m.sets = [m.sets![0]!, m.sets![0]!])).message).toBe('sets[1].name: "item2vec" is published twice');
  });
});

describe('layout names', () => {
  it('puts a version in tt_<version> and a set in set_<name> with dashes as underscores', () => {
    expect(publishedSchema('0123456789abcdef')).toBe('tt_0123456789abcdef');
    expect(publishedSetTable('two-tower-users')).toBe('set_two_tower_users');
    expect(() => publishedSchema('x; drop')).toThrow(PublishError);
  });

  it('finds the rows with a vector', () => {
    expect(Array.from(nonZeroRows(Float32Array.from([0, 0, 1, 0, 0, 0, 0, -2]), 2))).toEqual([1, 3]);
  });
});
