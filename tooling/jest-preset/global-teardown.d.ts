/** Removes this jest run's temporary folder and puts TMPDIR back (see global-teardown.js). */
declare function globalTeardown(): void;
export = globalTeardown;
