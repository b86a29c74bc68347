/** Makes this jest run's temporary folder, points TMPDIR at it and returns its path (see global-setup.js). */
declare function globalSetup(): string;
declare namespace globalSetup {
  /** The environment variable holding this run's temporary folder. */
  export const RUN_TMPDIR_ENV: 'TWOTOWER_JEST_TMPDIR';
  /** The environment variable holding TMPDIR as it was before the run ('' when unset). */
  export const OUTER_TMPDIR_ENV: 'TWOTOWER_JEST_OUTER_TMPDIR';
}
export = globalSetup;
