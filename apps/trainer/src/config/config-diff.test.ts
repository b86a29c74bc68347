import { configDifferences } from './config-diff';

describe('configDifferences', () => {
  it('lists the dotted paths that differ, fields on one side only included', () => {
    const stored = { name: 'default', ranking: { head: 'binary', epochs: 4, layers: [256, 64] }, training: { epochs: 40 } };
    const current = { name: 'default', ranking: { ensemble: { binary: 3 }, epochs: 4, layers: [256, 64] }, training: { epochs: 30 } };
    expect(configDifferences(stored, current)).toEqual(['ranking.ensemble', 'ranking.head', 'training.epochs']);
  });

  it('compares arrays as wholes and finds nothing in equal configs', () => {
    expect(configDifferences({ a: [1, 2] }, { a: [1, 2, 3] })).toEqual(['a']);
    expect(configDifferences({ a: { b: [1] }, c: null }, { a: { b: [1] }, c: null })).toEqual([]);
    expect(configDifferences(1, 2)).toEqual(['(root)']);
  });
});
