import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloadMovieLens } from './download';
import { readMovieLens } from './movielens';
import { createZip, movieLensFiles, serveFiles, type FileServer } from './test';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'twotower-download-'));

function archive(name: string, top: string): Buffer {
  const files = movieLensFiles('100k');
  return createZip([{ name: `${top}/` }, ...Object.entries(files).map(([f, data]) => ({ name: `${top}/${f}`, data }))]);
}

const zip = archive('ml-100k', 'ml-100k');
const md5 = createHash('md5').update(zip).digest('hex');
const servers: FileServer[] = [];
async function serve(files: Record<string, string | Uint8Array>, options?: Parameters<typeof serveFiles>[1]): Promise<FileServer> {
  const s = await serveFiles(files, options);
  servers.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('downloadMovieLens (local HTTP server, never the internet)', () => {
  it('downloads, checks the published md5, extracts into <dest>/<name> and then reuses it', async () => {
    const server = await serve({ 'ml-100k.zip': zip, 'ml-100k.zip.md5': `MD5 (ml-100k.zip) = ${md5}\n` });
    const dest = path.join(tmp, 'ok');
    const progress: number[] = [];
    const r = await downloadMovieLens('ml-100k', { dest, baseUrl: server.url, onProgress: (p) => progress.push(p.receivedBytes) });
    expect(r).toMatchObject({ dir: path.join(dest, 'ml-100k'), downloaded: true, bytes: zip.length, verified: true });
    expect(progress.at(-1)).toBe(zip.length);
    expect((await readMovieLens(r.dir)).interactions.length).toBe(300);
    expect(readdirSync(dest)).toEqual(['ml-100k']); // no temporary files left
    const again = await downloadMovieLens('ml-100k', { dest, baseUrl: server.url });
    expect(again.downloaded).toBe(false);
    expect(server.requests).toEqual(['ml-100k.zip', 'ml-100k.zip.md5']);
    const forced = await downloadMovieLens('ml-100k', { dest, baseUrl: server.url, force: true, verify: 'none', keepArchive: true });
    expect(forced.downloaded).toBe(true);
    expect(forced.verified).toBe(false);
    expect(readdirSync(dest).sort()).toEqual(['ml-100k', 'ml-100k.zip']);
  });

  it('renames an odd top-level directory (ml-10m extracts to ml-10M100K) and works without an .md5', async () => {
    const server = await serve({ 'ml-10m.zip': archive('ml-10m', 'ml-10M100K') });
    const r = await downloadMovieLens('ml-10m', { dest: path.join(tmp, 'ten'), baseUrl: server.url });
    expect(r.dir).toBe(path.join(tmp, 'ten', 'ml-10m'));
    expect(r.verified).toBe(false);
    expect(existsSync(path.join(r.dir, 'u.data'))).toBe(true);
  });

  it('refuses a checksum mismatch and extracts nothing', async () => {
    const server = await serve({ 'ml-100k.zip': zip, 'ml-100k.zip.md5': '0123456789abcdef0123456789abcdef  ml-100k.zip\n' });
    const dest = path.join(tmp, 'mismatch');
    await expect(downloadMovieLens('ml-100k', { dest, baseUrl: server.url })).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    expect(readdirSync(dest)).toEqual([]);
    await expect(downloadMovieLens('ml-100k', { dest, baseUrl: server.url, verify: { sha256: 'ab'.repeat(32) } })).rejects.toThrow(/sha256 is/);
    const ok = await downloadMovieLens('ml-100k', { dest, baseUrl: server.url, verify: { md5 } });
    expect(ok.verified).toBe(true);
  });

  it('reports HTTP errors, broken transfers and a disabled network with what to do', async () => {
    const server = await serve({});
    const dest = path.join(tmp, 'fail');
    await expect(downloadMovieLens('ml-1m', { dest, baseUrl: server.url })).rejects.toThrow(/answered HTTP 404.*download .*ml-1m\.zip yourself/s);
    const broken = await serve({ 'ml-100k.zip': zip }, { truncateAfter: 100 });
    await expect(downloadMovieLens('ml-100k', { dest, baseUrl: broken.url })).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED' });
    expect(readdirSync(dest)).toEqual([]);
    await expect(downloadMovieLens('ml-100k', { dest, baseUrl: server.url, allowNetwork: false })).rejects.toMatchObject({ code: 'NETWORK_DISABLED' });
    const before = process.env.TWOTOWER_OFFLINE;
    process.env.TWOTOWER_OFFLINE = '1';
    try {
      await expect(downloadMovieLens('ml-100k', { dest, baseUrl: server.url })).rejects.toThrow(/network is disabled/);
    } finally {
      if (before === undefined) delete process.env.TWOTOWER_OFFLINE;
      else process.env.TWOTOWER_OFFLINE = before;
    }
    await expect(downloadMovieLens('ml-5k' as never, { dest })).rejects.toThrow(/unknown MovieLens archive "ml-5k"/);
    await expect(downloadMovieLens('ml-100k', { dest: '' })).rejects.toMatchObject({ field: 'dest' });
  });

  it('refuses an archive without MovieLens files', async () => {
    const server = await serve({ 'ml-100k.zip': createZip([{ name: 'ml-100k/readme.txt', data: 'hi' }]) });
    await expect(downloadMovieLens('ml-100k', { dest: path.join(tmp, 'wrong'), baseUrl: server.url })).rejects.toThrow(/holds no MovieLens ratings file/);
  });

  it('gives up when the server stalls (idle timeout)', async () => {
    const { createServer } = await import('node:http');
    const stall = createServer((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('x');
    });
    await new Promise<void>((r) => stall.listen(0, '127.0.0.1', r));
    const port = (stall.address() as { port: number }).port;
    try {
      await expect(
        downloadMovieLens('ml-100k', { dest: path.join(tmp, 'stall'), baseUrl: `http://127.0.0.1:${port}/`, idleTimeoutMs: 200 }),
      ).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED' });
    } finally {
      stall.closeAllConnections();
      await new Promise((r) => stall.close(r));
    }
  });
});
