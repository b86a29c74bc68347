/**
 * @twotower/faiss-node: FAISS for Node.js, compiled at install against the FAISS installed on the
 * machine (install.js, binding.gyp). Importing it loads build/Release/faiss_node.node, or throws
 * a {@link FaissBindingError} saying why it was not built and what to install.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaissNative, IndexClass, IndexInstance } from './binding-types';
import { FaissBindingError } from './errors';

export { BUILD_HELP, FaissBindingError } from './errors';

export { MetricType } from './binding-types';
export type { FaissNative, IndexClass, IndexInstance, SearchResult, TypedSearchResult } from './binding-types';

const ROOT = join(__dirname, '..');

/** Why the install left no binary, from install-status.json (written by install.js). */
function notBuiltReason(): string {
  try {
    const status = JSON.parse(readFileSync(join(ROOT, 'install-status.json'), 'utf8')) as { built?: boolean; reason?: string };
    if (status.built === false && status.reason) return status.reason;
  } catch {
    // no status: the install script did not run (e.g. npm install --ignore-scripts)
  }
  return 'its install script did not run or did not finish (installed with --ignore-scripts?)';
}

function load(): FaissNative {
  const binary = join(ROOT, 'build', 'Release', 'faiss_node.node');
  if (!existsSync(binary)) throw new FaissBindingError(notBuiltReason());
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(binary) as FaissNative;
}

const native = load();

/** A FAISS index; `Index.fromFactory(d, 'IVF256,Flat', MetricType.METRIC_INNER_PRODUCT)` makes any type. */
export const Index: IndexClass = native.Index;
/** An index object (what `Index.fromFactory` returns). */
export type Index = IndexInstance;
/** A flat (exact) L2 index. */
export const IndexFlatL2: IndexClass = native.IndexFlatL2;
/** A flat (exact) inner-product index. */
export const IndexFlatIP: IndexClass = native.IndexFlatIP;
/** Sets the OpenMP threads FAISS uses (one suits single queries on a busy machine). */
export const setNumThreads: (n: number) => void = native.setNumThreads;
/** The OpenMP threads FAISS uses. */
export const getNumThreads: () => number = native.getNumThreads;
