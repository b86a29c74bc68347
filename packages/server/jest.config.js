module.exports = {
  preset: '@twotower/jest-preset',
  // light-my-request (fastify.inject) requires cookie@2, which is ESM-only: let the preset's SWC
  // transform turn it into CommonJS (Node itself loads it with require(esm); jest cannot)
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/cookie@|cookie/)'],
  // small artifacts written once per run in the run's temporary folder, shared by the test files
  // (see src/test/fixtures.ts); this replaces the preset's global setup, so it calls it first. The
  // preset's teardown removes the folder, fixtures and all.
  globalSetup: '<rootDir>/src/test/global-setup.ts',
};
