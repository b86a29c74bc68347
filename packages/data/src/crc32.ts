import zlib from 'node:zlib';

let table: Uint32Array | undefined;

function crc32Js(data: Uint8Array, prev: number): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = ~prev >>> 0;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

type Crc32Fn = (data: Uint8Array, prev?: number) => number;
const native = (zlib as unknown as { crc32?: Crc32Fn }).crc32;

/** CRC-32 (zip's checksum) of `data`, continuing from `prev` (default 0). Native zlib when Node has it (>= 20.15). */
export function crc32(data: Uint8Array, prev = 0): number {
  return native ? native(data, prev) >>> 0 : crc32Js(data, prev);
}
