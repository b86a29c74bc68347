import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { crc32 } from './crc32';
import { DataError } from './errors';

/** One file of a zip archive, from its central directory. */
export interface ZipEntry {
  /** Path inside the archive (`/`-separated; directories end with `/`). */
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  /** CRC-32 of the uncompressed data. */
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  localOffset: number;
  /** General-purpose flags (bit 0: encrypted). */
  flags: number;
}

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;

/** Lists a zip archive's entries (no zip64, no encryption: what MovieLens archives use). */
export async function listZip(file: string): Promise<ZipEntry[]> {
  const bad = (what: string): DataError =>
    new DataError('BAD_ARCHIVE', `${file} is not a usable zip archive: ${what}. Delete it and download again.`, { file });
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let at = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) throw bad('no end-of-central-directory record (truncated download?)');
    const count = tail.readUInt16LE(at + 10);
    const cdSize = tail.readUInt32LE(at + 12);
    const cdOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw bad('zip64 archives are not supported');
    if (cdOffset + cdSize > size) throw bad('central directory lies outside the file (truncated download?)');
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let e = 0; e < count; e++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CEN) throw bad(`central directory entry ${e} is corrupt`);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      entries.push({
        flags: cd.readUInt16LE(p + 8),
        method: cd.readUInt16LE(p + 10),
        crc: cd.readUInt32LE(p + 16),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localOffset: cd.readUInt32LE(p + 42),
        name: cd.toString('utf8', p + 46, p + 46 + nameLen),
      });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

/** A safe relative path for an entry name, or `undefined` for names escaping the target (zip slip). */
function safeRelative(name: string): string | undefined {
  const parts = name.replace(/\\/g, '/').split('/').filter((s) => s.length > 0 && s !== '.');
  if (parts.length === 0 || parts.some((s) => s === '..') || /^[a-zA-Z]:/.test(name) || name.startsWith('/')) return undefined;
  return parts.join(path.sep);
}

/**
 * Extracts every file of a zip archive into `destDir`, streaming (an entry never sits in
 * memory whole), checking each file's CRC-32 and size. Each file is written under a temporary
 * name and renamed when complete. Entries with absolute paths or `..` are refused.
 * @returns the relative paths written.
 */
export async function extractZip(file: string, destDir: string): Promise<string[]> {
  const entries = await listZip(file);
  const written: string[] = [];
  const fh = await open(file, 'r');
  const header = Buffer.alloc(30);
  try {
    for (const e of entries) {
      const rel = safeRelative(e.name);
      if (rel === undefined) {
        throw new DataError('BAD_ARCHIVE', `${file}: entry "${e.name}" would be written outside the target directory; refusing to extract.`, { file });
      }
      const target = path.join(destDir, rel);
      if (e.name.endsWith('/')) {
        await mkdir(target, { recursive: true });
        continue;
      }
      if (e.flags & 1) throw new DataError('BAD_ARCHIVE', `${file}: entry "${e.name}" is encrypted; not supported.`, { file });
      if (e.method !== 0 && e.method !== 8) {
        throw new DataError('BAD_ARCHIVE', `${file}: entry "${e.name}" uses compression method ${e.method}; only stored (0) and deflate (8) are supported.`, { file });
      }
      await fh.read(header, 0, 30, e.localOffset);
      if (header.readUInt32LE(0) !== LOC) throw new DataError('BAD_ARCHIVE', `${file}: local header of "${e.name}" is corrupt.`, { file });
      const dataStart = e.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      await mkdir(path.dirname(target), { recursive: true });
      const partial = `${target}.partial`;
      let crc = 0;
      let bytes = 0;
      const check = new Transform({
        transform(chunk: Buffer, _enc, done) {
          crc = crc32(chunk, crc);
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      try {
        if (e.compressedSize === 0) {
          await writeFile(partial, '');
        } else {
          const source = createReadStream(file, { start: dataStart, end: dataStart + e.compressedSize - 1 });
          if (e.method === 8) await pipeline(source, zlib.createInflateRaw(), check, createWriteStream(partial));
          else await pipeline(source, check, createWriteStream(partial));
        }
      } catch (cause) {
        throw new DataError('BAD_ARCHIVE', `${file}: entry "${e.name}" could not be decompressed (${(cause as Error).message}). Delete the archive and download again.`, {
          file,
          cause,
        });
      }
      if (bytes !== e.size || crc !== e.crc) {
        throw new DataError('BAD_ARCHIVE', `${file}: entry "${e.name}" is corrupt (CRC or size mismatch). Delete the archive and download again.`, { file });
      }
      await rename(partial, target);
      written.push(rel);
    }
    return written;
  } finally {
    await fh.close();
  }
}
