import { fillSigmoidTables, sharedMemory, SIGMOID_TABLE_SIZE, simdKernel, type SimdKernel, type WasmMemory } from './simd-kernel';
import type { SkipGramArrays } from './train-range';

/** What a worker needs to rebuild {@link SkipGramArrays}: the buffers and where the vectors lie. */
export interface SkipGramBuffers {
  /** The kernel's memory holding the vectors, when the SIMD kernel is used. */
  memory?: WasmMemory;
  /** The buffer holding `syn0`, `syn1` and the threads' scratch (`memory.buffer` with the kernel). */
  vectors: ArrayBufferLike;
  /** Floats in each of `syn0` and `syn1` (`vocabulary · dim`). */
  cells: number;
  table: ArrayBufferLike;
  keep: ArrayBufferLike;
  tokens: ArrayBufferLike;
  offsets: ArrayBufferLike;
  order: ArrayBufferLike;
  control: ArrayBufferLike;
}

/** Largest shared memory the kernel can address (4 GiB, in 64 KiB pages). */
const MAX_PAGES = 65536;

/** Byte offset of the σ / softplus tables (after `syn0` and `syn1` of `cells` floats each). */
export const tablesAt = (cells: number) => cells * 8;

/** Bytes each thread's scratch is aligned to: two 64-byte cache lines (the adjacent-line prefetcher pairs them). */
const SCRATCH_ALIGN = 128;

/**
 * Byte offsets of thread `p`'s scratch: `dim` floats of work, then `negatives + 1` int32 targets,
 * each thread's on cache lines of its own. Scratch that shared a line with the next thread's
 * (a 160-byte stride) made two threads slower than one: every pair writes both, and the line
 * moved between the cores on each write (item2vec on ML-100K, window 50, 20 epochs: 18.0 s with
 * 2 threads against 15.9 s with 1, before the padding).
 */
export function scratchAt(cells: number, dim: number, negatives: number, p: number): { work: number; targets: number } {
  const stride = Math.ceil(((dim + negatives + 1) * 4) / SCRATCH_ALIGN) * SCRATCH_ALIGN;
  const work = Math.ceil((tablesAt(cells) + 2 * (SIGMOID_TABLE_SIZE + 1) * 4) / SCRATCH_ALIGN) * SCRATCH_ALIGN + p * stride;
  return { work, targets: work + dim * 4 };
}

/**
 * Storage for the vectors `syn0` then `syn1`, `[vocabulary × dim]` each, then the kernel's σ /
 * softplus tables and each thread's scratch ({@link scratchAt}): in a shared WebAssembly memory
 * when the SIMD kernel applies (`dim` a multiple of 4, WebAssembly SIMD available), else in a
 * `SharedArrayBuffer` (threads) or a plain buffer.
 */
export function vectorStorage(cells: number, dim: number, negatives: number, threads: number): { vectors: ArrayBufferLike; memory?: WasmMemory } {
  const bytes = scratchAt(cells, dim, negatives, threads).work;
  const pages = Math.ceil(bytes / 65536);
  const memory = dim % 4 === 0 && pages < MAX_PAGES ? sharedMemory(pages) : null;
  if (memory !== null) {
    fillSigmoidTables(new Float32Array(memory.buffer, tablesAt(cells), 2 * (SIGMOID_TABLE_SIZE + 1)));
    return { memory, vectors: memory.buffer };
  }
  return { vectors: threads > 1 ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes) };
}

/** Typed views of the buffers (and the kernel on the memory, when there is one). */
export function arraysOf(b: SkipGramBuffers): SkipGramArrays & { kernel: SimdKernel | null } {
  return {
    syn0: new Float32Array(b.vectors, 0, b.cells),
    syn1: new Float32Array(b.vectors, b.cells * 4, b.cells),
    table: new Int32Array(b.table),
    keep: new Float32Array(b.keep),
    tokens: new Int32Array(b.tokens),
    offsets: new Int32Array(b.offsets),
    order: new Int32Array(b.order),
    control: new Int32Array(b.control),
    kernel: b.memory ? simdKernel(b.memory) : null,
  };
}

/** A copy of `source` in a `SharedArrayBuffer` (or a plain one when `shared` is false). */
export function sharedCopy<T extends Float32Array | Int32Array>(source: T, shared: boolean): T {
  const C = source.constructor as new (buffer: ArrayBufferLike) => T;
  const out = new C(shared ? new SharedArrayBuffer(source.byteLength) : new ArrayBuffer(source.byteLength));
  out.set(source);
  return out;
}
