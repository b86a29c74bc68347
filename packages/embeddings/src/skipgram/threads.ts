import { availableParallelism } from 'node:os';
import { SkipGramInputError } from './errors';

/** Environment variable that sets the training threads (1 = main thread only), as in `@twotower/losses`. */
export const THREADS_ENV = 'TWOTOWER_THREADS';

/** Threads when the options give none: `TWOTOWER_THREADS`, else `min(2, availableParallelism())`. */
export function wantedThreads(): number {
  const env = process.env[THREADS_ENV];
  if (env !== undefined && env !== '') {
    const t = Number(env);
    if (!Number.isInteger(t) || t < 1) {
      throw new SkipGramInputError(THREADS_ENV, `"${env}" must be a positive integer (1 = no worker thread)`);
    }
    return t;
  }
  return Math.min(2, availableParallelism());
}
