'use strict';
// Gives every jest run its own temporary folder, so tests that mkdtemp under os.tmpdir() and never
// remove what they made leave nothing in the system temp folder: global-teardown.js removes it whole.
// process.env.TMPDIR points at it (os.tmpdir(), mktemp and Python's tempfile read it); test files
// see it in-band and in workers alike, since jest starts its workers after the global setup and
// they inherit this process's environment.
//
// A package whose jest.config.js has its own globalSetup/globalTeardown (which replace these)
// calls `globalSetup` first and `globalTeardown` last (see packages/server/src/test/).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** This run's folder (also what TMPDIR is while it runs). */
const RUN_TMPDIR_ENV = 'TWOTOWER_JEST_TMPDIR';
/** TMPDIR as it was before the run ('' when it was unset), put back by the teardown (watch mode runs again). */
const OUTER_TMPDIR_ENV = 'TWOTOWER_JEST_OUTER_TMPDIR';

/** Makes this run's temporary folder and points TMPDIR at it; returns its path. */
function globalSetup() {
  // short name: PostgreSQL's unix socket path (tooling/pg-test puts the socket in a folder made
  // under os.tmpdir()) must stay under ~107 characters
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twotower-jest-'));
  // searchable by others: the test PostgreSQL servers run as `postgres` when the tests run as root
  fs.chmodSync(dir, 0o755);
  process.env[OUTER_TMPDIR_ENV] = process.env.TMPDIR ?? '';
  process.env[RUN_TMPDIR_ENV] = dir;
  process.env.TMPDIR = dir;
  return dir;
}

module.exports = globalSetup;
module.exports.RUN_TMPDIR_ENV = RUN_TMPDIR_ENV;
module.exports.OUTER_TMPDIR_ENV = OUTER_TMPDIR_ENV;
