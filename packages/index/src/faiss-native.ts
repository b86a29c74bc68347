/**
 * Loading faiss-node (an optional dependency) and adapting to what the loaded build offers.
 *
 * The workspace patches faiss-node (`patches/faiss-node@0.5.1.patch`): Float32Array input read in
 * place, typed results (`Float32Array` distances, `BigInt64Array` labels), `setSearchParameters`
 * and a per-call parameter string. An unpatched build (e.g. upstream's prebuilt binary) still
 * works here through `number[]` conversion, without search parameters.
 */
import { IndexError } from './errors';

/** The faiss-node index object as this package uses it. */
export interface NativeFaissIndex {
  ntotal(): number;
  getDimension(): number;
  isTrained(): boolean;
  add(x: Float32Array | number[]): void;
  train(x: Float32Array | number[]): void;
  search(x: Float32Array | number[], k: number, params?: string): { distances: ArrayLike<number>; labels: ArrayLike<number | bigint> };
  setSearchParameters?(params: string): void;
  toBuffer(): Buffer;
}

interface NativeFaissModule {
  setNumThreads?(n: number): void;
  getNumThreads?(): number;
  Index: {
    fromFactory(dim: number, descriptor: string, metric: number): NativeFaissIndex;
    fromBuffer(buffer: Buffer): NativeFaissIndex;
    prototype: object;
  };
}

/** What the loaded faiss-node can do. */
export interface FaissBinding {
  module: NativeFaissModule;
  /** Float32Array input, typed results, search parameters (the workspace patch is applied). */
  patched: boolean;
}

/** Whether FAISS can be used here, and if not, why. */
export interface FaissStatus {
  available: boolean;
  /** Set when `available` is true: whether the patched binding (typed arrays, parameters) is loaded. */
  patched?: boolean;
  /** Set when `available` is false: why, and what to do. */
  reason?: string;
}

let cached: { binding?: FaissBinding; reason?: string } | undefined;

/** Environment variable that turns FAISS off (`1`), e.g. to test the exact-only path. */
export const DISABLE_FAISS_ENV = 'TWOTOWER_DISABLE_FAISS';

function load(): { binding?: FaissBinding; reason?: string } {
  if (process.env[DISABLE_FAISS_ENV] === '1') {
    return { reason: `FAISS is turned off by ${DISABLE_FAISS_ENV}=1.` };
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require('faiss-node') as NativeFaissModule;
    const patched = typeof (module.Index.prototype as { setSearchParameters?: unknown }).setSearchParameters === 'function';
    return { binding: { module, patched } };
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    return {
      reason:
        `faiss-node could not be loaded (${message}). It is an optional dependency compiled at install time ` +
        'against the system FAISS: install the Debian packages libfaiss-dev libopenblas-dev cmake patchelf ' +
        '(or run `pnpm setup` as root), then `pnpm install` again. Until then only the exact index is available.',
    };
  }
}

/** faiss-node if it loads (cached), else `undefined`. */
export function faissBinding(): FaissBinding | undefined {
  cached ??= load();
  return cached.binding;
}

/** Whether FAISS is available in this process, and if not, why. */
export function faissStatus(): FaissStatus {
  cached ??= load();
  return cached.binding
    ? { available: true, patched: cached.binding.patched }
    : { available: false, reason: cached.reason ?? 'faiss-node is not available.' };
}

/** faiss-node, or an `IndexError('FAISS_UNAVAILABLE')` saying why not. */
export function requireFaiss(): FaissBinding {
  const binding = faissBinding();
  if (!binding) throw new IndexError('FAISS_UNAVAILABLE', faissStatus().reason!);
  return binding;
}

let defaultThreads: number | undefined;
let currentThreads: number | undefined;

/**
 * Runs FAISS with one OpenMP thread for a single query and with all of them for a batch: one
 * query has nothing to split, and idle threads waiting at a barrier are what a single query pays
 * for most on a busy machine. No-op on an unpatched binding.
 */
export function threadsFor(binding: FaissBinding, queries: number): void {
  const module = binding.module;
  if (!module.setNumThreads || !module.getNumThreads) return;
  defaultThreads ??= module.getNumThreads();
  const want = queries <= 1 ? 1 : defaultThreads;
  if (want !== currentThreads) {
    module.setNumThreads(want);
    currentThreads = want;
  }
}

let warned = false;

/** Prints, once per process, why FAISS is unavailable and that the exact index is used instead. */
export function warnFaissUnavailableOnce(): void {
  if (warned) return;
  warned = true;
  process.emitWarning(`${faissStatus().reason} Using the exact index instead.`, { code: 'TWOTOWER_FAISS_UNAVAILABLE' });
}

/** Wraps a FAISS exception into an `IndexError` with context. */
export function faissError(what: string, error: unknown): IndexError {
  return new IndexError('FAISS_ERROR', `${what} failed in FAISS: ${(error as Error).message}`);
}
