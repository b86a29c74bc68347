import { F32, I32, V128, op, wasmModule, type WasmFunction } from '@twotower/utils';

/**
 * The row kernels of the fused retrieval loss in WebAssembly SIMD (f32x4), on float32 rows held
 * in a shared memory (byte offsets; row lengths a multiple of 4):
 *
 * - `logits(src, shift, n, invT, dst) → max`: `dst[j] = src[j] · invT − shift[j]`, and the row's maximum;
 * - `expsum(z, n, max) → sum`: `z[j] = exp(z[j] − max)` in place (0 below −87), and their sum;
 * - `scale(z, n, k)`: `z[j] *= k` in place;
 * - `transpose(src, rows, cols, r0, r1, dst)`: rows `[r0, r1)` of `src` `[rows × cols]` into the
 *   matching columns of `dst` `[cols × rows]`, by 4 × 4 tiles (`r0`, `r1`, `cols` multiples of 4).
 *
 * `exp` is `2ⁿ · e^f` with `n = round(x · log₂e)`, `|f| ≤ ln2 / 2` and `e^f` by its degree-6 Taylor
 * polynomial, in float32: relative error below 4e-6 against `Math.exp` over [−80, 0] (the float32
 * rounding of `x · log₂e`; the float64 JavaScript `expNonPositive` is within 2e-7).
 */
export interface SoftmaxKernel {
  logits(src: number, shift: number, n: number, invT: number, dst: number): number;
  expsum(z: number, n: number, max: number): number;
  scale(z: number, n: number, k: number): void;
  transpose(src: number, rows: number, cols: number, r0: number, r1: number, dst: number): void;
}

const { get, set, tee, i32 } = op;
const splat4 = (x: number) => op.v128Const([x, x, x, x]);
/** `for (i = 0; i < end; i += 16) body` with `i`, `end` locals (end > 0 checked first). */
const byteLoop = (i: number, end: number, body: number[]) => [
  ...i32(0), ...set(i),
  ...op.block, ...get(i), ...get(end), ...op.i32GeU, ...op.brIf(0),
  ...op.loop, ...body, ...get(i), ...i32(16), ...op.i32Add, ...tee(i), ...get(end), ...op.i32LtU, ...op.brIf(0), ...op.end,
  ...op.end,
];
const at = (base: number, i: number) => [...get(base), ...get(i), ...op.i32Add];
const bytesOf = (n: number, into: number) => [...get(n), ...i32(2), ...op.i32Shl, ...set(into)];
const lanes = (v: number, combine: readonly number[]) => [
  ...get(v), ...op.f32x4Lane(0), ...get(v), ...op.f32x4Lane(1), ...combine,
  ...get(v), ...op.f32x4Lane(2), ...get(v), ...op.f32x4Lane(3), ...combine, ...combine,
];

function logits(): WasmFunction {
  // params 0 src, 1 shift, 2 n, 3 invT; 4 dst — locals 5 i, 6 end, 7 mx, 8 v, 9 t
  const [SRC, SHIFT, N, INVT, DST, I, END, MX, V, T] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  return {
    name: 'logits', params: [I32, I32, I32, F32, I32], results: [F32], locals: [I32, I32, V128, V128, V128],
    body: [
      ...bytesOf(N, END),
      ...splat4(-Infinity), ...set(MX),
      ...get(INVT), ...op.f32x4Splat, ...set(T),
      ...byteLoop(I, END, [
        ...at(SRC, I), ...op.v128Load(), ...get(T), ...op.f32x4Mul, ...at(SHIFT, I), ...op.v128Load(), ...op.f32x4Sub, ...set(V),
        ...at(DST, I), ...get(V), ...op.v128Store(),
        ...get(MX), ...get(V), ...op.f32x4Max, ...set(MX),
      ]),
      ...lanes(MX, op.f32Max),
    ],
  };
}

/** 1.5 · 2²³: adding it rounds a float of magnitude below 2²² to an integer held in the low mantissa bits. */
const ROUNDER = 12582912;

function expsum(): WasmFunction {
  // params 0 z, 1 n, 2 max — locals 3 i, 4 end, 5 acc, 6 x, 7 y, 8 t, 9 f, 10 mx, then the constants
  const [Z, N, MAX, I, END, ACC, X, Y, T, F, MX] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  // Constants live in locals set once: a v128.const inside the loop is rebuilt on every pass.
  const consts = [Math.LOG2E, -126, ROUNDER, Math.LN2, 1 / 720, 1 / 120, 1 / 24, 1 / 6, 0.5, 1, -87];
  const C = (x: number) => 11 + consts.indexOf(x);
  const E127 = 11 + consts.length;
  const horner = (c: number) => [...get(F), ...op.f32x4Mul, ...get(C(c)), ...op.f32x4Add];
  return {
    name: 'expsum', params: [I32, I32, F32], results: [F32],
    locals: [I32, I32, V128, V128, V128, V128, V128, V128, ...consts.map(() => V128), V128],
    body: [
      ...bytesOf(N, END),
      ...consts.flatMap((c) => [...splat4(c), ...set(C(c))]),
      ...op.v128ConstI32([127, 127, 127, 127]), ...set(E127),
      ...op.v128Zero, ...set(ACC),
      ...get(MAX), ...op.f32x4Splat, ...set(MX),
      ...byteLoop(I, END, [
        ...at(Z, I), ...op.v128Load(), ...get(MX), ...op.f32x4Sub, ...set(X),
        // y = max(x · log₂e, −126); t = y + 1.5·2²³ holds round(y) in its low bits
        ...get(X), ...get(C(Math.LOG2E)), ...op.f32x4Mul, ...get(C(-126)), ...op.f32x4Max, ...tee(Y),
        ...get(C(ROUNDER)), ...op.f32x4Add, ...set(T),
        // f = (y − round(y)) · ln2
        ...get(Y), ...get(T), ...get(C(ROUNDER)), ...op.f32x4Sub, ...op.f32x4Sub, ...get(C(Math.LN2)), ...op.f32x4Mul, ...set(F),
        // p(f) = 1 + f(1 + f(1/2 + f(1/6 + f(1/24 + f(1/120 + f/720)))))
        ...get(C(1 / 720)), ...horner(1 / 120), ...horner(1 / 24), ...horner(1 / 6), ...horner(0.5), ...horner(1), ...horner(1),
        // · 2^round(y): (bits(t) + 127) << 23 read as a float (the rounder's own bits shift out)
        ...get(T), ...get(E127), ...op.i32x4Add, ...i32(23), ...op.i32x4Shl, ...op.f32x4Mul,
        // 0 where x < −87 (and for the masked logits)
        ...get(X), ...get(C(-87)), ...op.f32x4Ge, ...op.v128And, ...set(Y),
        ...at(Z, I), ...get(Y), ...op.v128Store(),
        ...get(ACC), ...get(Y), ...op.f32x4Add, ...set(ACC),
      ]),
      ...lanes(ACC, op.f32Add),
    ],
  };
}

function scale(): WasmFunction {
  // params 0 z, 1 n, 2 k — locals 3 i, 4 end, 5 kv
  const [Z, N, K, I, END, KV] = [0, 1, 2, 3, 4, 5];
  return {
    name: 'scale', params: [I32, I32, F32], results: [], locals: [I32, I32, V128],
    body: [
      ...bytesOf(N, END),
      ...get(K), ...op.f32x4Splat, ...set(KV),
      ...byteLoop(I, END, [...at(Z, I), ...at(Z, I), ...op.v128Load(), ...get(KV), ...op.f32x4Mul, ...op.v128Store()]),
    ],
  };
}

function transpose(): WasmFunction {
  // params 0 src, 1 rows, 2 cols, 3 r0, 4 r1, 5 dst — locals 6 i, 7 j, 8 p, 9 q, 10 sb, 11 db, 12 a0..15 a3, 16 t0..19 t3
  const [SRC, ROWS, COLS, R0, R1, DST, I, J, P, Q, SB, DB] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const A = [12, 13, 14, 15];
  const T = [16, 17, 18, 19];
  const bytes = (lanesOfA: number[], lanesOfB: number[]) => [...lanesOfA, ...lanesOfB].flatMap((l) => [l * 4, l * 4 + 1, l * 4 + 2, l * 4 + 3]);
  const shuf = (x: number, y: number, sel: number[]) => [...get(x), ...get(y), ...op.shuffle(bytes(sel.slice(0, 2), sel.slice(2)))];
  const rowAt = (base: number, stride: number, k: number) => (k === 0 ? get(base) : [...get(base), ...get(stride), ...i32(k), ...op.i32Mul, ...op.i32Add]);
  const tile = [
    ...get(SRC), ...get(I), ...get(SB), ...op.i32Mul, ...op.i32Add, ...get(J), ...op.i32Add, ...set(P),
    ...[0, 1, 2, 3].flatMap((k) => [...rowAt(P, SB, k), ...op.v128Load(), ...set(A[k]!)]),
    // lanes 4..7 are the second operand's
    ...shuf(A[0]!, A[1]!, [0, 4, 1, 5]), ...set(T[0]!),
    ...shuf(A[0]!, A[1]!, [2, 6, 3, 7]), ...set(T[1]!),
    ...shuf(A[2]!, A[3]!, [0, 4, 1, 5]), ...set(T[2]!),
    ...shuf(A[2]!, A[3]!, [2, 6, 3, 7]), ...set(T[3]!),
    ...rowAt(Q, DB, 0), ...shuf(T[0]!, T[2]!, [0, 1, 4, 5]), ...op.v128Store(),
    ...rowAt(Q, DB, 1), ...shuf(T[0]!, T[2]!, [2, 3, 6, 7]), ...op.v128Store(),
    ...rowAt(Q, DB, 2), ...shuf(T[1]!, T[3]!, [0, 1, 4, 5]), ...op.v128Store(),
    ...rowAt(Q, DB, 3), ...shuf(T[1]!, T[3]!, [2, 3, 6, 7]), ...op.v128Store(),
    ...get(Q), ...get(DB), ...i32(2), ...op.i32Shl, ...op.i32Add, ...set(Q),
  ];
  return {
    name: 'transpose', params: [I32, I32, I32, I32, I32, I32], results: [],
    locals: [I32, I32, I32, I32, I32, I32, V128, V128, V128, V128, V128, V128, V128, V128],
    body: [
      ...bytesOf(COLS, SB), ...bytesOf(ROWS, DB),
      ...get(R0), ...set(I),
      ...op.block, ...get(I), ...get(R1), ...op.i32GeU, ...op.brIf(0),
      ...op.loop,
      ...get(DST), ...get(I), ...i32(2), ...op.i32Shl, ...op.i32Add, ...set(Q),
      ...byteLoop(J, SB, tile),
      ...get(I), ...i32(4), ...op.i32Add, ...tee(I), ...get(R1), ...op.i32LtU, ...op.brIf(0),
      ...op.end, ...op.end,
    ],
  };
}

/** Largest memory the kernel can address: 4 GiB in 64 KiB pages. */
export const MAX_PAGES = 65536;

interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { buffer: ArrayBufferLike };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  validate(bytes: Uint8Array): boolean;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
let compiled: object | null | undefined;

function softmaxModule(): object | null {
  if (compiled === undefined) {
    try {
      const bytes = wasmModule([logits(), expsum(), scale(), transpose()], { pages: 1, maxPages: MAX_PAGES, shared: true });
      compiled = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Whether WebAssembly SIMD runs here (the kernel compiles and validates). */
export function simdAvailable(): boolean {
  return softmaxModule() !== null;
}

/** A shared memory of at least `bytes` for the kernel, or null where WebAssembly SIMD or shared memory is unavailable. */
export function kernelMemory(bytes: number): { buffer: ArrayBufferLike } | null {
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  if (softmaxModule() === null || pages > MAX_PAGES) return null;
  try {
    return new wasm!.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    return null;
  }
}

/** The kernel on `memory` (from {@link kernelMemory}). */
export function softmaxKernel(memory: { buffer: ArrayBufferLike }): SoftmaxKernel {
  return new wasm!.Instance(softmaxModule()!, { env: { memory } }).exports as SoftmaxKernel;
}
