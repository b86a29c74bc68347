/**
 * A very small WebAssembly assembler for hand-written SIMD kernels: encoders (LEB128, sections,
 * names), the instructions the kernels use as byte arrays, and {@link wasmModule}, which writes a
 * module of functions over one imported memory (`env.memory`). The kernels stay in TypeScript
 * (no build step, no toolchain) and are checked with `WebAssembly.validate` where they load.
 */

/** Unsigned LEB128. */
export function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (32-bit). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A section: id, byte length, content. */
export function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content];
}

/** A name (length-prefixed ASCII). */
export const wasmName = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

const SIMD = 0xfd;
const simd = (op: number, ...rest: number[]) => [SIMD, ...leb(op), ...rest];

/** Instructions, as bytes to spread into a function body. */
export const op = {
  get: (i: number) => [0x20, ...leb(i)],
  set: (i: number) => [0x21, ...leb(i)],
  tee: (i: number) => [0x22, ...leb(i)],
  i32: (x: number) => [0x41, ...sleb(x)],
  f32: (x: number) => [0x43, ...new Uint8Array(Float32Array.of(x).buffer)],
  /** `block` / `loop` with no result, and their `end`. */
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...leb(depth)],
  brIf: (depth: number) => [0x0d, ...leb(depth)],
  select: [0x1b],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32LtU: [0x49],
  i32GeU: [0x4f],
  i32Eq: [0x46],
  f32Load: [0x2a, 0x02, 0x00],
  f32Store: [0x38, 0x02, 0x00],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Min: [0x96],
  f32Max: [0x97],
  f32Neg: [0x8c],
  f32Abs: [0x8b],
  f32Lt: [0x5d],
  f32ConvertI32S: [0xb2],
  f32ConvertI32U: [0xb3],
  i32TruncF32S: [0xa8],
  i32TruncF32U: [0xa9],
  /** `v128.load` / `v128.store` (align 16, offset `offset`). */
  v128Load: (offset = 0) => simd(0x00, 0x04, ...leb(offset)),
  v128Store: (offset = 0) => simd(0x0b, 0x04, ...leb(offset)),
  v128Const: (lanes: ArrayLike<number>) => simd(0x0c, ...new Uint8Array(Float32Array.from(lanes).buffer)),
  v128ConstI32: (lanes: ArrayLike<number>) => simd(0x0c, ...new Uint8Array(Int32Array.from(lanes).buffer)),
  v128Zero: simd(0x0c, ...new Array<number>(16).fill(0)),
  /** `i8x16.shuffle` of two vectors' bytes, `bytes` 16 lane indices in 0..31. */
  shuffle: (bytes: number[]) => simd(0x0d, ...bytes),
  i32x4Splat: simd(0x11),
  f32x4Splat: simd(0x13),
  f32x4Lane: (lane: number) => simd(0x1f, lane),
  f32x4Ge: simd(0x46),
  f32x4Gt: simd(0x44),
  v128And: simd(0x4e),
  bitselect: simd(0x52),
  f32x4Nearest: simd(0x6a),
  i32x4Shl: simd(0xab),
  i32x4Add: simd(0xae),
  f32x4Abs: simd(0xe0),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  f32x4Min: simd(0xe8),
  f32x4Max: simd(0xe9),
  i32x4TruncSatF32x4S: simd(0xf8),
} as const;

/** One function of a {@link wasmModule}. */
export interface WasmFunction {
  /** Exported under this name. */
  name: string;
  params: number[];
  /** Result types (none or one). */
  results: number[];
  /** Local types, numbered after the params. */
  locals: number[];
  /** The instructions (without the final `end`). */
  body: number[];
}

/**
 * The bytes of a module whose functions all read and write one imported memory
 * (`env.memory`, `pages` 64 KiB pages minimum, shared with maximum `maxPages` when `shared`).
 */
export function wasmModule(functions: WasmFunction[], memory: { pages: number; maxPages: number; shared: boolean }): Uint8Array {
  const types = [...leb(functions.length), ...functions.flatMap((f) => [0x60, ...leb(f.params.length), ...f.params, ...leb(f.results.length), ...f.results])];
  const limits = memory.shared ? [0x03, ...leb(memory.pages), ...leb(memory.maxPages)] : [0x01, ...leb(memory.pages), ...leb(memory.maxPages)];
  const imports = [1, ...wasmName('env'), ...wasmName('memory'), 0x02, ...limits];
  const funcs = [...leb(functions.length), ...functions.flatMap((_, i) => leb(i))];
  const exportsSection = [...leb(functions.length), ...functions.flatMap((f, i) => [...wasmName(f.name), 0x00, ...leb(i)])];
  const bodies = functions.map((f) => {
    // locals run-length encoded by type
    const groups: number[][] = [];
    for (const t of f.locals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]!++;
      else groups.push([1, t]);
    }
    const b = [...leb(groups.length), ...groups.flatMap(([count, t]) => [...leb(count!), t!]), ...f.body, 0x0b];
    return [...leb(b.length), ...b];
  });
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types), ...section(2, imports), ...section(3, funcs), ...section(7, exportsSection),
    ...section(10, [...leb(functions.length), ...bodies.flat()]),
  ]);
}
