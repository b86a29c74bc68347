'use strict';
// Removes the run's temporary folder made by global-setup.js (with whatever the tests left in it)
// and puts TMPDIR back as it was.
const fs = require('node:fs');
const { RUN_TMPDIR_ENV, OUTER_TMPDIR_ENV } = require('./global-setup.js');

/** Removes this run's temporary folder and restores TMPDIR. */
function globalTeardown() {
  const dir = process.env[RUN_TMPDIR_ENV];
  if (!dir) return;
  const outer = process.env[OUTER_TMPDIR_ENV];
  if (outer) process.env.TMPDIR = outer;
  else delete process.env.TMPDIR;
  delete process.env[RUN_TMPDIR_ENV];
  delete process.env[OUTER_TMPDIR_ENV];
  fs.rmSync(dir, { recursive: true, force: true });
}

module.exports = globalTeardown;
