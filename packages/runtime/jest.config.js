const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

// The tests load tfjs-core's gradients and Tensor methods from the same CommonJS bundle the
// package ships (src/core-registrations.ts requires ./vendor/tfjs-core-registrations, only in dist/):
// made here when missing or built for another tfjs-core version.
const bundle = join(__dirname, 'dist', 'vendor', 'tfjs-core-registrations.js');
execFileSync(process.execPath, [join(__dirname, 'scripts', 'bundle-core-registrations.mjs')], { stdio: 'inherit' });

module.exports = {
  preset: '@twotower/jest-preset',
  moduleNameMapper: { '^\\./vendor/tfjs-core-registrations$': bundle },
};
