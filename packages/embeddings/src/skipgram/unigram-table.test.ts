import { unigramTable } from './unigram-table';

describe('unigramTable', () => {
  it('gives each trained token a share counts^0.75 / Σ counts^0.75 of the entries', () => {
    const counts = Int32Array.from([100, 1, 0, 37, 5000, 12]);
    const trained = Uint8Array.from([1, 1, 0, 1, 1, 0]);
    const size = 100_000;
    const table = unigramTable(counts, trained, 0.75, size);
    expect(table.length).toBe(size);
    const seen = new Int32Array(counts.length);
    for (const t of table) seen[t]!++;
    let total = 0;
    for (let t = 0; t < counts.length; t++) if (trained[t]) total += counts[t]! ** 0.75;
    for (let t = 0; t < counts.length; t++) {
      const expected = trained[t] ? (size * counts[t]! ** 0.75) / total : 0;
      expect(Math.abs(seen[t]! - expected)).toBeLessThanOrEqual(1);
    }
  });

  it('with exponent 0 draws trained tokens uniformly, and sizes itself by default', () => {
    const table = unigramTable(Int32Array.from([1, 50, 9]), Uint8Array.from([1, 1, 1]), 0);
    expect(table.length).toBe(1 << 16);
    const seen = [0, 0, 0];
    for (const t of table) seen[t]!++;
    for (const s of seen) expect(Math.abs(s - table.length / 3)).toBeLessThanOrEqual(1);
  });
});
