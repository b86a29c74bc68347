'use strict';
// Gives every jest run its own temporary folder, so tests that mkdtemp under os.tmpdir() and never
// remove what they made leave nothing in the system temp folder: global-teardown.js removes it whole.
// process.env.TMPDIR points at it (os.tmpdir(), mktemp and Python's tempfile read it); test files
// see it in-band and in workers alike, since jest starts its workers after the global setup and
// they inherit this process's environment.
//
// A run interrupted before its teardown (Ctrl-C) leaves its folder behind: the next run's setup
// removes the folders whose jest process is gone (each names its owner in OWNER_FILE).
//
// A package whose jest.config.js has its own globalSetup or globalTeardown (which replace these)
// calls the preset's `globalSetup` first, or its `globalTeardown` last (see
// packages/server/src/test/global-setup.ts and packages/pgvector/jest.global-teardown.js).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** This run's folder (also what TMPDIR is while it runs). */
const RUN_TMPDIR_ENV = 'TWOTOWER_JEST_TMPDIR';
/** TMPDIR as it was before the run ('' when it was unset), put back by the teardown (watch mode runs again). */
const OUTER_TMPDIR_ENV = 'TWOTOWER_JEST_OUTER_TMPDIR';

/** The file in a run's folder holding the process id of the jest run that made it. */
const OWNER_FILE = '.owner-pid';
const PREFIX = 'twotower-jest-';

/** Whether a process with this id runs (EPERM: it does, as another user). */
function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Removes the run folders under `base` that an interrupted run left: those whose owner process no
 * longer runs. A folder without an owner file (or an unreadable one), or whose owner runs, is left
 * alone, as is one this user may not remove. Returns the paths removed.
 */
function removeAbandonedRuns(base) {
  const removed = [];
  let names;
  try {
    names = fs.readdirSync(base);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(base, name);
    let pid;
    try {
      pid = Number(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8'));
    } catch {
      continue;
    }
    if (!Number.isInteger(pid) || pid <= 0 || isRunning(pid)) continue;
    try {
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // another user's folder: theirs to remove
    }
  }
  return removed;
}

/** Makes this run's temporary folder and points TMPDIR at it; returns its path. */
function globalSetup() {
  removeAbandonedRuns(os.tmpdir());
  // short name: PostgreSQL's unix socket path (tooling/pg-test puts the socket in a folder made
  // under os.tmpdir()) must stay under ~107 characters
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), PREFIX));
  // searchable by others: the test PostgreSQL servers run as `postgres` when the tests run as root
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
  process.env[OUTER_TMPDIR_ENV] = process.env.TMPDIR ?? '';
  process.env[RUN_TMPDIR_ENV] = dir;
  process.env.TMPDIR = dir;
  return dir;
}

module.exports = globalSetup;
module.exports.RUN_TMPDIR_ENV = RUN_TMPDIR_ENV;
module.exports.OUTER_TMPDIR_ENV = OUTER_TMPDIR_ENV;
module.exports.OWNER_FILE = OWNER_FILE;
module.exports.removeAbandonedRuns = removeAbandonedRuns;
