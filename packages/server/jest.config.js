module.exports = {
  preset: '@twotower/jest-preset',
  // light-my-request (fastify.inject) requires cookie@2, which is ESM-only: let the preset's SWC
  // transform turn it into CommonJS (Node itself loads it with require(esm); jest cannot)
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/cookie@|cookie/)'],
  // two small artifacts written once per run, shared by the test files (see src/test/fixtures.ts);
  // these replace the preset's global setup and teardown, so they call them (first and last)
  globalSetup: '<rootDir>/src/test/global-setup.ts',
  globalTeardown: '<rootDir>/src/test/global-teardown.ts',
};
