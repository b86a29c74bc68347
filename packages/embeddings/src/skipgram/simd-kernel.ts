import { leb, section, sleb, wasmName } from '@twotower/utils';

/**
 * A small hand-assembled WebAssembly SIMD (f32x4) module with one function, the whole
 * skip-gram negative-sampling step of one pair on vectors held in a shared memory (byte
 * offsets; `n = dim · 4` a multiple of 16):
 *
 * `pair(inRow, syn1, targets, count, n, alpha, work, tables) → loss` does what
 * `sgnsPairUpdate` does, with σ and softplus read from {@link SIGMOID_TABLE_SIZE}-step tables
 * over [−{@link SIGMOID_RANGE}, {@link SIGMOID_RANGE}] with linear interpolation (error < 1e-6
 * inside, σ clamped outside) instead of `Math.exp` / `Math.log1p`. `targets` is the byte offset of
 * `count` int32 token ids (positive first), `work` of `dim` zero floats (left zero), `tables` of
 * the two tables {@link fillSigmoidTables} writes.
 */
export const SIGMOID_TABLE_SIZE = 4096;
/** Half-width of the σ / softplus tables. */
export const SIGMOID_RANGE = 8;

/** Writes σ then softplus at `SIGMOID_TABLE_SIZE + 1` points each into `out` (from index 0). */
export function fillSigmoidTables(out: Float32Array): void {
  const S = SIGMOID_TABLE_SIZE;
  for (let i = 0; i <= S; i++) {
    const z = -SIGMOID_RANGE + (2 * SIGMOID_RANGE * i) / S;
    out[i] = 1 / (1 + Math.exp(-z));
    out[S + 1 + i] = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }
}

const SIMD = 0xfd;
const load = [SIMD, 0x00, 0x04, 0x00]; // v128.load align=16 offset=0
const store = [SIMD, 0x0b, 0x04, 0x00]; // v128.store
const mul = [SIMD, 0xe6, 0x01]; // f32x4.mul
const add = [SIMD, 0xe4, 0x01]; // f32x4.add
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const addr = (base: number, i: number) => [...get(base), ...get(i), 0x6a]; // base + i
/** i += 16; loop while i < n */
const step = (i: number, n: number) => [...get(i), 0x41, 0x10, 0x6a, ...tee(i), ...get(n), 0x49, 0x0d, 0x00];
const lane = (v: number, l: number) => [...get(v), SIMD, 0x1f, l];
const f32 = (x: number) => [0x43, ...new Uint8Array(Float32Array.of(x).buffer)];
const i32 = (x: number) => [0x41, ...sleb(x)];
const zero = [SIMD, 0x0c, ...new Array<number>(16).fill(0)];
const loadF32 = [0x2a, 0x02, 0x00];

const name = wasmName;

// pair's locals: params 0 inRow, 1 syn1, 2 targets, 3 count, 4 n, 5 alpha (f32), 6 work, 7 tables, 8 limit (f32)
const LIMIT = 8;
const [T, ROW, I, ACC, Z, POS, IDX, FRAC, LOSS, GV, O, TEND, FIRST] = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
const LOCALS = [6, 3, 0x7f, 1, 0x7b, 2, 0x7d, 1, 0x7f, 2, 0x7d, 2, 0x7b];
// 9,10,11 i32; 12 v128; 13,14 f32; 15 i32; 16,17 f32; 18,19 v128 — then 20, 21 i32 declared below.

/** `tables[IDX + k]` for table `which` (0 = σ, 1 = softplus), interpolated: a + frac · (b − a). */
function lookup(which: number): number[] {
  const base = [...get(7), ...get(IDX), 0x41, 0x02, 0x74, 0x6a]; // tables + idx·4
  const off = which * (SIGMOID_TABLE_SIZE + 1) * 4;
  const at = (k: number) => [...base, ...i32(off + k * 4), 0x6a, ...loadF32];
  return [...at(0), ...get(FRAC), ...at(1), ...at(0), 0x93, 0x94, 0x92];
}

function moduleBytes(): Uint8Array {
  const types = [1, 0x60, 9, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7d, 0x7f, 0x7f, 0x7d, 1, 0x7d];
  const imports = [1, ...name('env'), ...name('memory'), 0x02, 0x03, 0x00, ...leb(65536)];
  const funcs = [1, 0];
  const exportNames = [1, ...name('pair'), 0, 0]; // not `exports`: CommonJS output uses that name
  const scale = SIGMOID_TABLE_SIZE / (2 * SIGMOID_RANGE);
  const code = [
    ...get(2), ...get(3), 0x41, 0x02, 0x74, 0x6a, ...set(TEND), // tEnd = targets + count·4
    ...get(2), ...set(T),
    0x03, 0x40, // loop over targets
    ...get(1), ...get(T), 0x28, 0x02, 0x00, ...get(4), 0x6c, 0x6a, ...set(ROW), // row = syn1 + id·n
    ...zero, ...set(ACC), ...i32(0), ...set(I),
    0x03, 0x40, ...get(ACC), ...addr(0, I), ...load, ...addr(ROW, I), ...load, ...mul, ...add, ...set(ACC), ...step(I, 4), 0x0b,
    ...lane(ACC, 0), ...lane(ACC, 1), 0x92, ...lane(ACC, 2), 0x92, ...lane(ACC, 3), 0x92, ...set(Z), // dot
    ...get(T), ...get(2), 0x46, ...set(FIRST),
    ...get(Z), 0x8c, ...get(Z), ...get(FIRST), 0x1b, ...set(Z), // z = first ? −dot : dot
    ...get(Z), ...f32(-SIGMOID_RANGE), 0x97, ...f32(SIGMOID_RANGE), 0x96, ...f32(SIGMOID_RANGE), 0x92, ...f32(scale), 0x94,
    ...f32(SIGMOID_TABLE_SIZE - 1e-3), 0x96, ...tee(POS), 0xa9, ...set(IDX),
    ...get(POS), ...get(IDX), 0xb3, 0x93, ...set(FRAC),
    // loss += softplus(z) (+ the part of z beyond the table)
    ...get(LOSS), ...lookup(1), 0x92, ...get(Z), ...f32(SIGMOID_RANGE), 0x93, ...f32(0), 0x97, 0x92, ...set(LOSS),
    // g = (first ? σ(z) : −σ(z)) · alpha, or 0 when |z| >= limit
    ...lookup(0), ...set(POS), ...get(POS), ...get(POS), 0x8c, ...get(FIRST), 0x1b, ...get(5), 0x94,
    ...f32(0), ...get(Z), 0x8b, ...get(LIMIT), 0x5d, 0x1b,
    SIMD, 0x13, ...set(GV),
    ...i32(0), ...set(I),
    0x03, 0x40,
    ...addr(ROW, I), ...load, ...set(O),
    ...addr(6, I), ...addr(6, I), ...load, ...get(GV), ...get(O), ...mul, ...add, ...store,
    ...addr(ROW, I), ...get(O), ...get(GV), ...addr(0, I), ...load, ...mul, ...add, ...store,
    ...step(I, 4), 0x0b,
    ...get(T), 0x41, 0x04, 0x6a, ...tee(T), ...get(TEND), 0x49, 0x0d, 0x00,
    0x0b,
    // inRow += work; work = 0
    ...i32(0), ...set(I),
    0x03, 0x40,
    ...addr(0, I), ...addr(0, I), ...load, ...addr(6, I), ...load, ...add, ...store,
    ...addr(6, I), ...zero, ...store,
    ...step(I, 4), 0x0b,
    ...get(LOSS),
  ];
  const locals = [LOCALS[0]! + 1, ...LOCALS.slice(1), 2, 0x7f];
  const b = [...locals, ...code, 0x0b];
  const body = [...leb(b.length), ...b];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types), ...section(2, imports), ...section(3, funcs), ...section(7, exportNames),
    ...section(10, [1, ...body]),
  ]);
}

/** The kernel's export. */
export interface SimdKernel {
  pair(inRow: number, syn1: number, targets: number, count: number, n: number, alpha: number, work: number, tables: number, limit: number): number;
}

/** A `WebAssembly.Memory` (typed here: the package compiles without the DOM library). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}

/** The part of the `WebAssembly` global used here. */
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  validate(bytes: Uint8Array): boolean;
}

const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
let compiled: object | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable. */
export function simdModule(): object | null {
  if (compiled === undefined) {
    try {
      const bytes = moduleBytes();
      compiled = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** A shared memory of `pages` 64 KiB pages for the kernel, or null where unavailable. */
export function sharedMemory(pages: number): WasmMemory | null {
  if (simdModule() === null) return null;
  try {
    return new wasm!.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    return null;
  }
}

/** The kernel on `memory` (from {@link sharedMemory}), or null where unavailable. */
export function simdKernel(memory: WasmMemory): SimdKernel | null {
  const m = simdModule();
  if (m === null) return null;
  return new wasm!.Instance(m, { env: { memory } }).exports as SimdKernel;
}
