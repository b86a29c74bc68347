'use strict';
// Stops the test cluster, then removes the run's temporary folder (the preset's teardown, which
// this replaces).
const presetGlobalTeardown = require('@twotower/jest-preset/global-teardown');

module.exports = async () => {
  try {
    await globalThis.__twotowerPgCluster?.stop();
  } finally {
    presetGlobalTeardown();
  }
};
