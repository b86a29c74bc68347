import { tf } from './tf';
import { registerTwotowerKernels } from './kernels/register';

/** A TensorFlow.js backend twotower can run on, fastest first. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The order {@link ready} tries backends in when none is forced. */
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** The environment variable that forces a backend (`tensorflow`, `wasm` or `cpu`). */
export const BACKEND_ENV = 'TWOTOWER_BACKEND';

/** Options of {@link ready}. */
export interface ReadyOptions {
  /**
   * Backend to use. `'auto'` (default) takes the environment variable `TWOTOWER_BACKEND` when
   * set, else the first of {@link BACKEND_ORDER} that loads.
   */
  backend?: BackendName | 'auto';
  /**
   * Where the one log line goes (e.g. `[twotower] backend: wasm (tfjs-node not installed)`;
   * with the environment variable `TWOTOWER_DEBUG` set, the errors that ruled out the faster
   * backends follow). Default: `process.stderr`; `null` silences it.
   */
  log?: ((line: string) => void) | null;
}

/** What {@link ready} chose and why. */
export interface BackendInfo {
  /** The backend now active. */
  backend: BackendName;
  /**
   * Why this backend, in a few words: `the fastest backend`, `forced by TWOTOWER_BACKEND`,
   * `tfjs-node not installed`, ... The full errors are in {@link BackendInfo.unavailable}.
   */
  reason: string;
  /** Backends tried before it, with the error that ruled each out (first line, at most 200 characters). */
  unavailable: { backend: BackendName; error: string }[];
}

let current: Promise<BackendInfo> | undefined;
let currentKey: string | undefined;

function shortError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]!.slice(0, 200);
}

/** Loads a backend's module so that it registers itself with tfjs. Throws when it cannot. */
async function loadBackend(name: BackendName): Promise<void> {
  if (name === 'tensorflow') {
    // Optional dependency: absent (or without its native library) on machines that cannot
    // download libtensorflow. It registers the 'tensorflow' backend on import.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
  } else if (name === 'wasm') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-backend-wasm');
  }
  // cpu is always registered by ./tf
}

/** Why a backend could not start, in a few words (the error itself can name a long store path). */
function shortReason(u: { backend: BackendName; error: string }): string {
  if (u.backend === 'tensorflow') {
    // the package is absent, or present without its native library (its install could not download it)
    return /Cannot find module '@tensorflow\/tfjs-node'|tfjs_binding\.node|libtensorflow/.test(u.error)
      ? 'tfjs-node not installed'
      : 'tfjs-node failed to load';
  }
  return `${u.backend} failed to start`;
}

function isBackendName(v: string): v is BackendName {
  return (BACKEND_ORDER as readonly string[]).includes(v);
}

async function choose(options: ReadyOptions): Promise<BackendInfo> {
  let forced: BackendName | undefined;
  let forcedBy = '';
  const env = process.env[BACKEND_ENV]?.trim();
  if (options.backend && options.backend !== 'auto') {
    forced = options.backend;
    forcedBy = 'requested by the caller';
  } else if (env) {
    if (!isBackendName(env)) {
      throw new Error(
        `${BACKEND_ENV}="${env}" is not a backend: use one of ${BACKEND_ORDER.join(', ')} (or unset it to choose automatically)`,
      );
    }
    forced = env;
    forcedBy = `forced by ${BACKEND_ENV}`;
  }
  const candidates = forced ? [forced] : [...BACKEND_ORDER];
  const unavailable: BackendInfo['unavailable'] = [];
  for (const name of candidates) {
    try {
      await loadBackend(name);
      const ok = await tf.setBackend(name);
      if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
      await tf.ready();
      registerTwotowerKernels(name);
      const reason = forced
        ? forcedBy
        : unavailable.length === 0
          ? 'the fastest backend'
          : unavailable.map(shortReason).join('; ');
      return { backend: name, reason, unavailable };
    } catch (e) {
      unavailable.push({ backend: name, error: shortError(e) });
    }
  }
  throw new Error(
    `no TensorFlow.js backend could start: ${unavailable.map((u) => `${u.backend}: ${u.error}`).join('; ')}`,
  );
}

/**
 * Picks and initialises the backend (once per process; later calls return the same answer
 * unless a different backend is requested), registers twotower's extra kernels, and writes one
 * short log line saying which backend runs and why (`[twotower] backend: wasm (tfjs-node not
 * installed)`); with `TWOTOWER_DEBUG` set, the errors of the backends ruled out follow it.
 */
export function ready(options: ReadyOptions = {}): Promise<BackendInfo> {
  const key = `${options.backend ?? 'auto'}|${process.env[BACKEND_ENV] ?? ''}`;
  if (current && currentKey === key) return current;
  currentKey = key;
  const log = options.log === undefined ? (line: string) => process.stderr.write(`${line}\n`) : options.log;
  current = choose(options).then((info) => {
    log?.(`[twotower] backend: ${info.backend} (${info.reason})`);
    if (process.env.TWOTOWER_DEBUG) for (const u of info.unavailable) log?.(`[twotower]   ${u.backend} unavailable: ${u.error}`);
    return info;
  });
  current.catch(() => {
    current = undefined;
    currentKey = undefined;
  });
  return current;
}

/** The name of the active backend (call {@link ready} first). */
export function backendName(): string {
  return tf.getBackend();
}
