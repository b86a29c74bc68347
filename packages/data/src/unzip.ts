import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import bufferCrc32 from 'buffer-crc32';
import yauzl from 'yauzl';
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

/**
 * CRC-32 of `data` continuing from `prev`: Node's own `zlib.crc32` (Node >= 20.15), else the
 * `buffer-crc32` package. yauzl reads the archive but does not check entries' CRC-32.
 */
const crc32: (data: Buffer, prev: number) => number =
  typeof zlib.crc32 === 'function' ? (data, prev) => zlib.crc32(data, prev) >>> 0 : (data, prev) => bufferCrc32.unsigned(data, prev);

/** Opens `file` with yauzl (central directory read, entries listed lazily), as a DataError when it is not a usable zip. */
async function openZip(file: string): Promise<yauzl.ZipFile> {
  try {
    // decodeStrings false: names are decoded below, so that an unsafe one is reported, not thrown while listing.
    return await yauzl.openPromise(file, { autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (cause) {
    const message = (cause as Error).message;
    const what = /end of central directory record signature not found/i.test(message)
      ? 'no end-of-central-directory record (truncated download?)'
      : message.replace(/\.$/, '');
    throw new DataError('BAD_ARCHIVE', `${file} is not a usable zip archive: ${what}. Delete it and download again.`, { file, cause });
  }
}

/** The entries of an open archive, with their names decoded (UTF-8 flag, Info-ZIP unicode path, CP437). */
async function readEntries(zip: yauzl.ZipFile, file: string): Promise<Array<{ entry: yauzl.Entry; info: ZipEntry }>> {
  const out: Array<{ entry: yauzl.Entry; info: ZipEntry }> = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      out.push({
        entry,
        info: {
          name,
          method: entry.compressionMethod,
          crc: entry.crc32,
          compressedSize: entry.compressedSize,
          size: entry.uncompressedSize,
          localOffset: entry.relativeOffsetOfLocalHeader,
          flags: entry.generalPurposeBitFlag,
        },
      });
    }
  } catch (cause) {
    throw new DataError('BAD_ARCHIVE', `${file} is not a usable zip archive: ${(cause as Error).message}. Delete it and download again.`, { file, cause });
  }
  return out;
}

/** Lists a zip archive's entries (read with yauzl: zip64 included; entries' data are not read). */
export async function listZip(file: string): Promise<ZipEntry[]> {
  const zip = await openZip(file);
  try {
    return (await readEntries(zip, file)).map((e) => e.info);
  } finally {
    zip.close();
  }
}

/**
 * Extracts every file of a zip archive into `destDir`, streaming (an entry never sits in
 * memory whole), checking each file's CRC-32 and size. Each file is written under a temporary
 * name and renamed when complete. Entries with absolute paths or `..` are refused before anything
 * is written. Reading is yauzl's (stored and deflate entries; zip64).
 * @returns the relative paths written.
 */
export async function extractZip(file: string, destDir: string): Promise<string[]> {
  const zip = await openZip(file);
  try {
    const entries = await readEntries(zip, file);
    const relative = entries.map(({ info }) => {
      const rel = info.name.split('/').filter((s) => s.length > 0 && s !== '.').join(path.sep);
      if (yauzl.validateFileName(info.name) !== null || rel === '') {
        throw new DataError('BAD_ARCHIVE', `${file}: entry "${info.name}" would be written outside the target directory; refusing to extract.`, { file });
      }
      return rel;
    });
    const written: string[] = [];
    for (const [i, { entry, info }] of entries.entries()) {
      const rel = relative[i]!;
      const target = path.join(destDir, rel);
      if (info.name.endsWith('/')) {
        await mkdir(target, { recursive: true });
        continue;
      }
      if (entry.isEncrypted()) throw new DataError('BAD_ARCHIVE', `${file}: entry "${info.name}" is encrypted; not supported.`, { file });
      if (!entry.canDecodeFileData()) {
        throw new DataError('BAD_ARCHIVE', `${file}: entry "${info.name}" uses compression method ${info.method}; only stored (0) and deflate (8) are supported.`, { file });
      }
      await mkdir(path.dirname(target), { recursive: true });
      const partial = `${target}.partial`;
      let crc = 0;
      const check = new Transform({
        transform(chunk: Buffer, _enc, done) {
          crc = crc32(chunk, crc);
          done(null, chunk);
        },
      });
      try {
        // yauzl checks that the entry inflates to exactly its declared size.
        await pipeline(await zip.openReadStreamPromise(entry), check, createWriteStream(partial));
      } catch (cause) {
        throw new DataError('BAD_ARCHIVE', `${file}: entry "${info.name}" is corrupt or could not be decompressed (${(cause as Error).message}). Delete the archive and download again.`, {
          file,
          cause,
        });
      }
      if (crc !== info.crc) {
        throw new DataError('BAD_ARCHIVE', `${file}: entry "${info.name}" is corrupt (CRC mismatch). Delete the archive and download again.`, { file });
      }
      await rename(partial, target);
      written.push(rel);
    }
    return written;
  } finally {
    zip.close();
  }
}
