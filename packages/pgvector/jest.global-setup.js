'use strict';
// One throw-away PostgreSQL (primary + hot standby) for this package's test run, or the reason there
// is none: test files read TWOTOWER_PG_PRIMARY / TWOTOWER_PG_REPLICA or TWOTOWER_PG_SKIP_REASON
// (workers start after this and inherit the environment). Tests that stop the database start their own.
// This replaces the preset's global setup, so it calls it first: the run's own temporary folder
// (TMPDIR), removed by the teardown.
const { isSkip, startTestCluster } = require('@twotower/pg-test');
const presetGlobalSetup = require('@twotower/jest-preset/global-setup');

module.exports = async () => {
  presetGlobalSetup();
  const started = await startTestCluster();
  if (isSkip(started)) {
    process.env.TWOTOWER_PG_SKIP_REASON = started.skip;
    return;
  }
  process.env.TWOTOWER_PG_PRIMARY = started.primary;
  process.env.TWOTOWER_PG_REPLICA = started.replica;
  globalThis.__twotowerPgCluster = started;
};
