import { buildUserItemCsr } from './user-item-csr';

describe('buildUserItemCsr', () => {
  const user = new Int32Array([0, 2, 0, 0, 2, 1]);
  const item = new Int32Array([5, 1, 3, 5, 0, 4]);

  it('groups the selected rows per user, sorted, each item once', () => {
    const csr = buildUserItemCsr(user, item, undefined, 4);
    expect(Array.from(csr.offsets)).toEqual([0, 2, 3, 5, 5]);
    expect(Array.from(csr.items)).toEqual([3, 5, 4, 0, 1]);
  });

  it('uses only the given rows', () => {
    const csr = buildUserItemCsr(user, item, new Int32Array([1, 3]), 3);
    expect(Array.from(csr.offsets)).toEqual([0, 1, 1, 2]);
    expect(Array.from(csr.items)).toEqual([5, 1]);
  });

  it('names the row at fault', () => {
    expect(() => buildUserItemCsr(user, item, undefined, 2)).toThrow(/user\[1\].*outside \[0, 2\)/);
    expect(() => buildUserItemCsr(user, item, undefined, 3, 5)).toThrow(/item\[0\].*outside \[0, 5\)/);
    expect(() => buildUserItemCsr(user, item, new Int32Array([6]), 3)).toThrow(/rows\[0\]/);
  });
});
