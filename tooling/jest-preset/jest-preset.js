'use strict';
// One jest preset for the whole workspace: CommonJS mode with a fast SWC transform.
// Type-checking is a separate `typecheck` task (tsc --noEmit); jest only runs the code.
// Sibling packages resolve through their real `exports` (dist/), so tests exercise what ships:
// turbo runs `build` of dependencies before `test`.
// Every run gets its own temporary folder (TMPDIR), removed at the end: tests that mkdtemp under
// os.tmpdir() leave nothing behind (see global-setup.js; a package with its own globalSetup and
// globalTeardown calls these first and last).
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      require.resolve('@swc/jest'),
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  globalSetup: require.resolve('./global-setup.js'),
  globalTeardown: require.resolve('./global-teardown.js'),
};
