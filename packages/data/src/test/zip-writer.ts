import zlib from 'node:zlib';
import { crc32 } from '../crc32';

/** A file to put in a zip made by {@link createZip}. */
export interface ZipInput {
  /** Path inside the archive (`/`-separated; end with `/` for a directory). */
  name: string;
  /** Contents (strings are UTF-8). Ignored for directories. */
  data?: string | Uint8Array;
}

/** Options of {@link createZip}. */
export interface CreateZipOptions {
  /** `'deflate'` (method 8) or `'store'` (method 0). Default `'deflate'`. */
  method?: 'deflate' | 'store';
}

/** A minimal zip archive in memory (no zip64): fixtures for extraction and download tests. */
export function createZip(files: readonly ZipInput[], options: CreateZipOptions = {}): Buffer {
  const store = options.method === 'store';
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const isDir = f.name.endsWith('/');
    const raw = isDir ? Buffer.alloc(0) : typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : Buffer.from(f.data ?? new Uint8Array());
    const method = store || isDir ? 0 : 8;
    const body = method === 8 ? zlib.deflateRawSync(raw) : raw;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(0x0800, 8);
    cen.writeUInt16LE(method, 10);
    cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(body.length, 20);
    cen.writeUInt32LE(raw.length, 24);
    cen.writeUInt16LE(name.length, 28);
    cen.writeUInt32LE(offset, 42);
    central.push(cen, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
