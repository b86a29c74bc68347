import { PopularityBaseline } from '../baselines/popularity';
import { interactionColumns } from './interaction-columns';

describe('interactionColumns', () => {
  const user = new Int32Array([0, 1]);
  const item = new Int32Array([2, 3]);

  it('accepts { user, item } and @twotower/data\'s { users, items }', () => {
    expect(interactionColumns('x', { user, item })).toEqual({ user, item });
    expect(interactionColumns('x', { users: user, items: item })).toEqual({ user, item });
    const a = PopularityBaseline.fit({ users: user, items: item }, new Int32Array([0, 1]), 4);
    expect(Array.from(a.counts)).toEqual([0, 0, 1, 1]);
  });

  it('rejects mismatched or untyped columns naming the argument', () => {
    expect(() => interactionColumns('test', { user, item: new Int32Array(1) })).toThrow(/test: has 2 users but 1 items/);
    expect(() => interactionColumns('test', { user: [0] as unknown as Int32Array, item })).toThrow(/test: needs Int32Array/);
  });
});
