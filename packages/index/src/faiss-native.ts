/**
 * Loading FAISS and adapting to what the loaded binding offers.
 *
 * `@twotower/faiss-node` (an optional dependency, compiled at install against the system FAISS)
 * comes first: faiss-node's binding with Float32Array input read in place, typed results
 * (`Float32Array` distances, `BigInt64Array` labels), `setSearchParameters` and a per-call
 * parameter string. Where it is not built, upstream `faiss-node`, if the application installed
 * it, still works here through `number[]` conversion, without search parameters — and says once
 * what that costs.
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

/** The packages FAISS is loaded from, in order of preference. */
export const FAISS_PACKAGES = ['@twotower/faiss-node', 'faiss-node'] as const;

/** What the loaded binding can do. */
export interface FaissBinding {
  module: NativeFaissModule;
  /** Float32Array input, typed results, search parameters (`@twotower/faiss-node`, or a faiss-node patched alike). */
  patched: boolean;
  /** The package it came from. */
  source: (typeof FAISS_PACKAGES)[number];
}

/** Whether FAISS can be used here, and if not, why. */
export interface FaissStatus {
  available: boolean;
  /** Set when `available` is true: whether the patched binding (typed arrays, parameters) is loaded. */
  patched?: boolean;
  /** Set when `available` is true: the package FAISS came from (`@twotower/faiss-node` or `faiss-node`). */
  source?: string;
  /** Set when `available` is false: why, and what to do. */
  reason?: string;
}

let cached: { binding?: FaissBinding; reason?: string; notice?: string } | undefined;

/** Environment variable that turns FAISS off (`1`), e.g. to test the exact-only path. */
export const DISABLE_FAISS_ENV = 'TWOTOWER_DISABLE_FAISS';

/** What to do to get FAISS with all its capabilities. */
export const FAISS_INSTALL_HELP =
  'install FAISS and a C++ toolchain (Debian/Ubuntu: apt-get install libfaiss-dev libopenblas-dev g++ make python3), ' +
  'then npm rebuild @twotower/faiss-node (npm install @twotower/faiss-node if it is not installed)';

/** What upstream faiss-node lacks, in one sentence. */
export const UNPATCHED_MISSING =
  'upstream faiss-node has no search parameters (nprobe, efSearch: per call or per index — IVF searches probe one list, ' +
  'with low recall) and no typed-array input (rows are copied through number[])';

function firstLine(error: unknown): string {
  return ((error as Error).message ?? String(error)).split('\n')[0]!;
}

/** Why `@twotower/faiss-node` did not load, in a few words. */
function ownReason(error: unknown): string {
  const e = error as { code?: string; reason?: string };
  if (e.code === 'FAISS_BINDING_NOT_BUILT' && e.reason) return `@twotower/faiss-node was not built at install (${e.reason})`;
  if (e.code === 'MODULE_NOT_FOUND' && /@twotower\/faiss-node'/.test(firstLine(error))) return '@twotower/faiss-node is not installed';
  return `@twotower/faiss-node failed to load (${firstLine(error)})`;
}

function load(): { binding?: FaissBinding; reason?: string; notice?: string } {
  if (process.env[DISABLE_FAISS_ENV] === '1') {
    return { reason: `FAISS is turned off by ${DISABLE_FAISS_ENV}=1.` };
  }
  let own: string;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { binding: { module: require('@twotower/faiss-node') as NativeFaissModule, patched: true, source: '@twotower/faiss-node' } };
  } catch (error) {
    own = ownReason(error);
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require('faiss-node') as NativeFaissModule;
    const patched = typeof (module.Index.prototype as { setSearchParameters?: unknown }).setSearchParameters === 'function';
    const notice = patched ? undefined : `FAISS comes from upstream faiss-node because ${own}: ${UNPATCHED_MISSING}. For them: ${FAISS_INSTALL_HELP}.`;
    return { binding: { module, patched, source: 'faiss-node' }, notice };
  } catch {
    // not installed either (or no binary): FAISS is unavailable
  }
  return {
    reason:
      `FAISS is unavailable: ${own}. Without it there are no FAISS indexes (IVF, HNSW, PQ with nprobe / efSearch per call, ` +
      `typed arrays), only the exact index. For FAISS: ${FAISS_INSTALL_HELP}.`,
  };
}

function loaded(): { binding?: FaissBinding; reason?: string; notice?: string } {
  if (cached === undefined) {
    cached = load();
    if (cached.notice) process.emitWarning(cached.notice, { code: 'TWOTOWER_FAISS_UNPATCHED' });
  }
  return cached;
}

/** The FAISS binding if one loads (cached), else `undefined`. */
export function faissBinding(): FaissBinding | undefined {
  return loaded().binding;
}

/** Whether FAISS is available in this process, and if not, why. */
export function faissStatus(): FaissStatus {
  const { binding, reason } = loaded();
  return binding
    ? { available: true, patched: binding.patched, source: binding.source }
    : { available: false, reason: reason ?? 'FAISS is not available.' };
}

/** The FAISS binding, or an `IndexError('FAISS_UNAVAILABLE')` saying why not. */
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
