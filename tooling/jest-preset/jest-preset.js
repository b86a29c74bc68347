'use strict';
// One jest preset for the whole workspace: CommonJS mode with a fast SWC transform.
// Type-checking is a separate `typecheck` task (tsc --noEmit); jest only runs the code.
// Sibling packages resolve through their real `exports` (dist/), so tests exercise what ships:
// turbo runs `build` of dependencies before `test`.
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
};
