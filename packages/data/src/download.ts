import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataError } from './errors';
import { detectMovieLensLayout } from './movielens';
import { extractZip } from './unzip';

/** The MovieLens archives GroupLens publishes (`<name>.zip`). */
export const MOVIELENS_ARCHIVES = ['ml-100k', 'ml-1m', 'ml-10m', 'ml-20m', 'ml-25m', 'ml-32m', 'ml-latest-small', 'ml-latest'] as const;

/** A MovieLens archive name. */
export type MovieLensArchive = (typeof MOVIELENS_ARCHIVES)[number];

/** Where archives come from unless `baseUrl` or `TWOTOWER_MOVIELENS_URL` says otherwise. */
export const DEFAULT_MOVIELENS_URL = 'https://files.grouplens.org/datasets/movielens/';

/** Progress of a download. */
export interface DownloadProgress {
  /** Bytes received so far. */
  receivedBytes: number;
  /** Content-Length, when the server sent one. */
  totalBytes: number | undefined;
}

/** Options of {@link downloadMovieLens}. */
export interface DownloadOptions {
  /** Directory the data set goes in: the result is `<dest>/<name>/`. Required. */
  dest: string;
  /**
   * Base URL the archive `<name>.zip` (and `<name>.zip.md5`) is fetched from (a mirror, or a
   * local server in tests). Default: env `TWOTOWER_MOVIELENS_URL`, else {@link DEFAULT_MOVIELENS_URL}.
   */
  baseUrl?: string;
  /** Whether the network may be used. Default: `false` when env `TWOTOWER_OFFLINE` is `1`, else `true`. */
  allowNetwork?: boolean;
  /**
   * How to check the archive: `'md5-file'` fetches `<archive>.md5` (GroupLens publishes one)
   * and compares when it exists (a missing .md5 leaves the result `verified: false`);
   * `{ md5 }` / `{ sha256 }` compares with a hex digest you give; `'none'` skips.
   * Default `'md5-file'`. A mismatch is a `CHECKSUM_MISMATCH` error and nothing is extracted.
   */
  verify?: 'md5-file' | 'none' | { md5?: string; sha256?: string };
  /** Download again even when `<dest>/<name>/` already holds the data set. Default `false`. */
  force?: boolean;
  /** Abort when no byte arrives for this long (ms). Default 60,000. */
  idleTimeoutMs?: number;
  /** Keep the archive as `<dest>/<name>.zip` after extracting. Default `false`. */
  keepArchive?: boolean;
  /** Called as bytes arrive (at most once per received chunk). */
  onProgress?: (progress: DownloadProgress) => void;
  /** The fetch implementation. Default: the global `fetch`. */
  fetch?: typeof fetch;
}

/** What {@link downloadMovieLens} did. */
export interface DownloadResult {
  /** The extracted data set's directory (`<dest>/<name>`), ready for `readMovieLens`. */
  dir: string;
  /** `false` when the data set was already there and nothing was fetched. */
  downloaded: boolean;
  /** URL fetched (`undefined` when nothing was). */
  url: string | undefined;
  /** Archive size in bytes (0 when nothing was fetched). */
  bytes: number;
  /** Whether the archive was checked against a checksum. */
  verified: boolean;
}

function networkAllowed(options: DownloadOptions): boolean {
  if (options.allowNetwork !== undefined) return options.allowNetwork;
  return process.env['TWOTOWER_OFFLINE'] !== '1';
}

async function fetchOrThrow(f: typeof fetch, url: string, signal: AbortSignal, hint: string): Promise<Response> {
  let res: Response;
  try {
    res = await f(url, { signal, redirect: 'follow' });
  } catch (cause) {
    throw new DataError('DOWNLOAD_FAILED', `could not fetch ${url}: ${(cause as Error).message}. ${hint}`, { cause });
  }
  return res;
}

/**
 * Downloads a MovieLens archive and extracts it to `<dest>/<name>/`, unless it is already
 * there. The archive streams to a temporary file (flat memory), is checked (see `verify`),
 * extracted into a temporary directory and renamed into place, so an interrupted run never
 * leaves a half data set behind. Works against any HTTP server holding `<name>.zip` (tests use a
 * local one).
 *
 * ```ts
 * const { dir } = await downloadMovieLens('ml-latest-small', { dest: 'data' });
 * const ds = await readMovieLens(dir);
 * ```
 */
export async function downloadMovieLens(name: MovieLensArchive, options: DownloadOptions): Promise<DownloadResult> {
  if (!(MOVIELENS_ARCHIVES as readonly string[]).includes(name)) {
    throw new DataError('BAD_OPTION', `unknown MovieLens archive "${name}"; choose one of ${MOVIELENS_ARCHIVES.join(', ')}.`, { field: 'name' });
  }
  if (!options || typeof options.dest !== 'string' || options.dest.length === 0) {
    throw new DataError('BAD_OPTION', 'dest is required: the directory the data set is extracted into.', { field: 'dest' });
  }
  const dest = path.resolve(options.dest);
  const dir = path.join(dest, name);
  if (!options.force && existsSync(dir) && detectMovieLensLayout(dir)) {
    return { dir, downloaded: false, url: undefined, bytes: 0, verified: false };
  }
  const base = options.baseUrl ?? process.env['TWOTOWER_MOVIELENS_URL'] ?? DEFAULT_MOVIELENS_URL;
  const url = new URL(`${name}.zip`, base.endsWith('/') ? base : `${base}/`).toString();
  const manual = `Or download ${url} yourself and extract it so that ${dir} holds its files.`;
  if (!networkAllowed(options)) {
    throw new DataError('NETWORK_DISABLED', `${name} is not in ${dest} and the network is disabled (allowNetwork: false or TWOTOWER_OFFLINE=1). ${manual}`, {
      field: 'allowNetwork',
    });
  }
  const f = options.fetch ?? globalThis.fetch;
  const hint = `Check the network, or point baseUrl / TWOTOWER_MOVIELENS_URL at a mirror. ${manual}`;
  await mkdir(dest, { recursive: true });
  const tag = `${process.pid}-${Date.now()}`;
  const zipTmp = path.join(dest, `.${name}.zip.${tag}.partial`);
  const extractTmp = path.join(dest, `.${name}.${tag}.extracting`);
  const idle = options.idleTimeoutMs ?? 60_000;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`no data for ${idle} ms`)), idle);
  };
  try {
    arm();
    const res = await fetchOrThrow(f, url, controller.signal, hint);
    if (res.status !== 200 || !res.body) {
      throw new DataError('DOWNLOAD_FAILED', `GET ${url} answered HTTP ${res.status} ${res.statusText}. ${hint}`);
    }
    const lengthHeader = res.headers.get('content-length');
    const total = lengthHeader ? Number(lengthHeader) : undefined;
    const md5 = createHash('md5');
    const sha256 = createHash('sha256');
    let received = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        arm();
        received += chunk.length;
        md5.update(chunk);
        sha256.update(chunk);
        options.onProgress?.({ receivedBytes: received, totalBytes: total });
        done(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), meter, createWriteStream(zipTmp));
    } catch (cause) {
      throw new DataError('DOWNLOAD_FAILED', `download of ${url} broke off after ${received} bytes: ${(cause as Error).message}. ${hint}`, { cause });
    }
    if (total !== undefined && Number.isFinite(total) && received !== total) {
      throw new DataError('DOWNLOAD_FAILED', `download of ${url} is incomplete: ${received} of ${total} bytes. ${hint}`);
    }
    const verify = options.verify ?? 'md5-file';
    let verified = false;
    const mismatch = (algo: string, want: string, got: string): DataError =>
      new DataError('CHECKSUM_MISMATCH', `${url}: ${algo} is ${got} but ${want} was expected: the download is corrupt or the file changed. Try again, or check the mirror.`);
    if (typeof verify === 'object') {
      const gotMd5 = md5.digest('hex');
      const gotSha = sha256.digest('hex');
      if (verify.md5 && verify.md5.toLowerCase() !== gotMd5) throw mismatch('md5', verify.md5, gotMd5);
      if (verify.sha256 && verify.sha256.toLowerCase() !== gotSha) throw mismatch('sha256', verify.sha256, gotSha);
      verified = Boolean(verify.md5 || verify.sha256);
    } else if (verify === 'md5-file') {
      arm();
      const sumRes = await fetchOrThrow(f, `${url}.md5`, controller.signal, hint);
      if (sumRes.status === 200) {
        const text = await sumRes.text();
        const want = /\b([0-9a-fA-F]{32})\b/.exec(text)?.[1]?.toLowerCase();
        if (!want) throw new DataError('DOWNLOAD_FAILED', `${url}.md5 holds no md5 digest: ${JSON.stringify(text.slice(0, 100))}. Pass verify: 'none' to skip the check.`);
        const got = md5.digest('hex');
        if (got !== want) throw mismatch('md5', want, got);
        verified = true;
      } else {
        await sumRes.body?.cancel();
      }
    } else if (verify !== 'none') {
      throw new DataError('BAD_OPTION', `verify must be 'md5-file', 'none' or { md5 } / { sha256 }; got ${JSON.stringify(verify)}.`, { field: 'verify' });
    }
    if (timer) clearTimeout(timer);

    await mkdir(extractTmp, { recursive: true });
    await extractZip(zipTmp, extractTmp);
    // Archives hold one top-level directory (ml-10m's is "ml-10M100K"): that becomes <dest>/<name>.
    const top = (await readdir(extractTmp)).filter((e) => !e.startsWith('__MACOSX'));
    let root = extractTmp;
    if (top.length === 1 && (await stat(path.join(extractTmp, top[0]!))).isDirectory()) root = path.join(extractTmp, top[0]!);
    if (!detectMovieLensLayout(root)) {
      throw new DataError('BAD_ARCHIVE', `${url} holds no MovieLens ratings file (u.data, ratings.dat or ratings.csv). Is the mirror serving the right file?`);
    }
    if (existsSync(dir)) {
      const old = path.join(dest, `.${name}.${tag}.old`);
      await rename(dir, old);
      await rm(old, { recursive: true, force: true });
    }
    await rename(root, dir);
    if (options.keepArchive) await rename(zipTmp, path.join(dest, `${name}.zip`));
    return { dir, downloaded: true, url, bytes: received, verified };
  } finally {
    if (timer) clearTimeout(timer);
    await rm(zipTmp, { force: true });
    await rm(extractTmp, { recursive: true, force: true });
  }
}
