import { zipSync, type Zippable } from 'fflate';

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

/**
 * A zip archive in memory, written by fflate (no zip64): fixtures for extraction and download
 * tests. Entries keep the order given.
 */
export function createZip(files: readonly ZipInput[], options: CreateZipOptions = {}): Buffer {
  const level = options.method === 'store' ? 0 : 6;
  const tree: Zippable = {};
  for (const f of files) {
    const data = f.name.endsWith('/') ? new Uint8Array(0) : typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : (f.data ?? new Uint8Array(0));
    // A flat map of full paths: fflate writes each key as one entry name (directories end with '/').
    tree[f.name] = [data, { level }];
  }
  return Buffer.from(zipSync(tree, { mtime: new Date('2000-01-01T00:00:00Z') }));
}
