import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createZip } from './test';
import { extractZip, listZip } from './unzip';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'twotower-unzip-'));

describe('extractZip', () => {
  it('extracts deflated and stored entries, directories and empty files', async () => {
    for (const method of ['deflate', 'store'] as const) {
      const zip = path.join(tmp, `a-${method}.zip`);
      const big = 'x,y,z\n'.repeat(50_000);
      writeFileSync(zip, createZip([{ name: 'ml/' }, { name: 'ml/u.data', data: big }, { name: 'ml/empty.txt', data: '' }, { name: 'ml/é.txt', data: 'é' }], { method }));
      const entries = await listZip(zip);
      expect(entries.map((e) => e.name)).toEqual(['ml/', 'ml/u.data', 'ml/empty.txt', 'ml/é.txt']);
      expect(entries[1]!.method).toBe(method === 'deflate' ? 8 : 0);
      const out = path.join(tmp, `out-${method}`);
      const written = await extractZip(zip, out);
      expect(written).toEqual([path.join('ml', 'u.data'), path.join('ml', 'empty.txt'), path.join('ml', 'é.txt')]);
      expect(readFileSync(path.join(out, 'ml', 'u.data'), 'utf8')).toBe(big);
      expect(readFileSync(path.join(out, 'ml', 'empty.txt'), 'utf8')).toBe('');
      expect(existsSync(path.join(out, 'ml', 'u.data.partial'))).toBe(false);
    }
  });

  it('refuses entries that would escape the target directory', async () => {
    const zip = path.join(tmp, 'slip.zip');
    writeFileSync(zip, createZip([{ name: '../evil.txt', data: 'no' }]));
    await expect(extractZip(zip, path.join(tmp, 'slip'))).rejects.toMatchObject({ code: 'BAD_ARCHIVE' });
    expect(existsSync(path.join(tmp, 'evil.txt'))).toBe(false);
  });

  it('detects truncated and corrupted archives', async () => {
    const good = createZip([{ name: 'f.txt', data: 'hello world '.repeat(100) }]);
    const cut = path.join(tmp, 'cut.zip');
    writeFileSync(cut, good.subarray(0, good.length - 30));
    await expect(listZip(cut)).rejects.toThrow(/no end-of-central-directory record/);
    const flipped = Buffer.from(good);
    flipped[40] = flipped[40]! ^ 0xff; // inside the compressed data
    const bad = path.join(tmp, 'bad.zip');
    writeFileSync(bad, flipped);
    await expect(extractZip(bad, path.join(tmp, 'bad'))).rejects.toMatchObject({ code: 'BAD_ARCHIVE' });
    // A stored entry with one byte changed has the right size: only the CRC-32 check catches it.
    const stored = createZip([{ name: 'g.txt', data: 'abcdefghij'.repeat(10) }], { method: 'store' });
    const at = stored.indexOf('abcdefghij');
    stored[at + 3] = 'X'.charCodeAt(0);
    const storedBad = path.join(tmp, 'stored-bad.zip');
    writeFileSync(storedBad, stored);
    await expect(extractZip(storedBad, path.join(tmp, 'stored-bad'))).rejects.toThrow(/"g.txt" is corrupt \(CRC mismatch\)/);
    expect(existsSync(path.join(tmp, 'stored-bad', 'g.txt'))).toBe(false);
    const notZip = path.join(tmp, 'text.zip');
    writeFileSync(notZip, 'this is not a zip');
    await expect(listZip(notZip)).rejects.toThrow(/Delete it and download again/);
  });
});
