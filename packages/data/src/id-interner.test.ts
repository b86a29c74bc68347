import { IdInterner } from './id-interner';

describe('IdInterner', () => {
  it('gives dense indices in order of first appearance, mixing integer and other ids', () => {
    const t = new IdInterner();
    const ids = ['5', 'abc', '017', '17', '0', '5', '4194304', '99999999', 'abc', '17', '-1', ' 5'];
    const got = ids.map((id) => t.intern(id));
    expect(got).toEqual([0, 1, 2, 3, 4, 0, 5, 6, 1, 3, 7, 8]);
    expect(t.ids).toEqual(['5', 'abc', '017', '17', '0', '4194304', '99999999', '-1', ' 5']);
    expect(t.get('17')).toBe(3);
    expect(t.get('017')).toBe(2);
    expect(t.get('18')).toBeUndefined();
    expect(t.get('4000000')).toBeUndefined();
    expect(t.get('zzz')).toBeUndefined();
    expect(t.size).toBe(9);
  });

  it('grows its lookup table for large integer ids', () => {
    const t = new IdInterner();
    for (let i = 0; i < 5000; i++) t.intern(String(i * 797));
    for (let i = 0; i < 5000; i++) expect(t.get(String(i * 797))).toBe(i);
  });
});
