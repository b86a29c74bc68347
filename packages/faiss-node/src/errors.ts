/** Why the binding is missing and what to do, in one message. */

/** What to install for FAISS, and how to build the binding afterwards. */
export const BUILD_HELP =
  'install FAISS and a C++ toolchain (Debian/Ubuntu: apt-get install libfaiss-dev libopenblas-dev g++ make python3; ' +
  'elsewhere set TWOTOWER_FAISS_PREFIX to where FAISS is installed), then run npm rebuild @twotower/faiss-node';

/** Thrown on import when the binding was not built at install (`code` `FAISS_BINDING_NOT_BUILT`). */
export class FaissBindingError extends Error {
  readonly code = 'FAISS_BINDING_NOT_BUILT';
  /** Why it was not built, as the install script recorded it (e.g. `FAISS was not found (...)`). */
  readonly reason: string;

  constructor(reason: string) {
    super(`@twotower/faiss-node was not built: ${reason}. To build it: ${BUILD_HELP}.`);
    this.name = 'FaissBindingError';
    this.reason = reason;
  }
}
