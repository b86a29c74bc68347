import { rng } from '../test-utils';
import { buildUserItemCsr } from '../protocols/user-item-csr';
import { easeGramLower, easeGramWork } from './ease-gram';

describe('easeGramLower', () => {
  it('writes the lower triangle of XᵀX + λI row by row, the upper triangle untouched', () => {
    const r = rng(3);
    const [numUsers, n, lambda] = [30, 13, 2.5];
    const user = Int32Array.from({ length: 200 }, () => Math.floor(r() * numUsers));
    const item = Int32Array.from({ length: 200 }, () => Math.floor(r() * n));
    const csr = buildUserItemCsr(user, item, undefined, numUsers, n);
    const x = new Uint8Array(numUsers * n);
    for (let p = 0; p < user.length; p++) x[user[p]! * n + item[p]!] = 1; // binary: repeats count once
    const out = new Float64Array(n * n).fill(0);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[i * n + j] = -7;
    const rows: number[] = [];
    let last = 0;
    easeGramLower(csr, n, lambda, out, (row, done) => {
      rows.push(row);
      expect(done).toBeGreaterThanOrEqual(last);
      last = done;
    });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let want = -7;
        if (j <= i) {
          want = i === j ? lambda : 0;
          for (let u = 0; u < numUsers; u++) want += x[u * n + i]! * x[u * n + j]!;
        }
        expect({ i, j, v: out[i * n + j] }).toEqual({ i, j, v: want });
      }
    }
    expect(rows).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(last).toBe(easeGramWork(csr));
  });

  it('fills a float32 matrix the same way, users without items included', () => {
    const csr = buildUserItemCsr(new Int32Array([0, 0, 2]), new Int32Array([1, 0, 1]), undefined, 3, 2);
    const out = new Float32Array(4);
    easeGramLower(csr, 2, 1, out);
    expect(Array.from(out)).toEqual([2, 0, 1, 3]);
    expect(easeGramWork(csr)).toBe(3 + 1);
  });
});
