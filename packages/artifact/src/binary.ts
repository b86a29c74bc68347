import { writeFileSync } from 'node:fs';

/** Writes a typed array as raw little-endian bytes (the artifact's `.f32` / `.i32` / `.f64` files). */
export function writeTypedArray(path: string, a: Float32Array | Int32Array | Float64Array): void {
  writeFileSync(path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}
