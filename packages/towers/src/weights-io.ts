import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One named array in a weights file. */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  /** Byte offset in the `.bin` file. */
  offset: number;
}

/** The JSON half of a weights file pair (`<name>.json` + `<name>.bin`). */
export interface WeightsManifest {
  format: 'twotower-weights';
  version: 1;
  entries: WeightEntry[];
}

/**
 * Writes named float32 arrays to `<dir>/<name>.json` (names, shapes, offsets) and
 * `<dir>/<name>.bin` (the values, little-endian, concatenated).
 */
export function writeWeights(dir: string, name: string, weights: { name: string; shape: number[]; data: Float32Array }[]): void {
  let offset = 0;
  const entries: WeightEntry[] = [];
  for (const w of weights) {
    const expected = w.shape.reduce((a, b) => a * b, 1);
    if (expected !== w.data.length) throw new Error(`weight "${w.name}": shape ${JSON.stringify(w.shape)} holds ${expected} values but ${w.data.length} were given`);
    entries.push({ name: w.name, shape: w.shape, dtype: 'float32', offset });
    offset += w.data.byteLength;
  }
  const bin = new Uint8Array(offset);
  weights.forEach((w, i) => bin.set(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength), entries[i]!.offset));
  writeFileSync(join(dir, `${name}.bin`), bin);
  const manifest: WeightsManifest = { format: 'twotower-weights', version: 1, entries };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(manifest, null, 1) + '\n');
}

/** Reads what {@link writeWeights} wrote, as a map from name to `{ shape, data }`. */
export function readWeights(dir: string, name: string): Map<string, { shape: number[]; data: Float32Array }> {
  const manifest = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as WeightsManifest;
  if (manifest.format !== 'twotower-weights' || manifest.version !== 1) {
    throw new Error(`${join(dir, `${name}.json`)} is not a twotower weights file of version 1`);
  }
  const buf = readFileSync(join(dir, `${name}.bin`));
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const e of manifest.entries) {
    const n = e.shape.reduce((a, b) => a * b, 1);
    if (e.offset + n * 4 > buf.byteLength) throw new Error(`${join(dir, `${name}.bin`)} is too short for weight "${e.name}": the file is truncated`);
    const data = new Float32Array(n);
    data.set(new Float32Array(buf.buffer.slice(buf.byteOffset + e.offset, buf.byteOffset + e.offset + n * 4)));
    out.set(e.name, { shape: e.shape, data });
  }
  return out;
}
