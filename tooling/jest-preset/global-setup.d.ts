/** Makes this jest run's temporary folder, points TMPDIR at it and returns its path (see global-setup.js). */
declare function globalSetup(): string;
declare namespace globalSetup {
  /** The environment variable holding this run's temporary folder. */
  export const RUN_TMPDIR_ENV: 'TWOTOWER_JEST_TMPDIR';
  /** The environment variable holding TMPDIR as it was before the run ('' when unset). */
  export const OUTER_TMPDIR_ENV: 'TWOTOWER_JEST_OUTER_TMPDIR';
  /** The file in a run's folder holding the process id of the jest run that made it. */
  export const OWNER_FILE: '.owner-pid';
  /** Removes the `twotower-jest-*` folders under `base` whose owner process no longer runs; returns their paths. */
  export function removeAbandonedRuns(base: string): string[];
}
export = globalSetup;
