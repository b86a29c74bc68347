module.exports = { preset: '@twotower/jest-preset' };
