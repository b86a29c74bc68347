module.exports = {
  preset: '@twotower/jest-preset',
  // the tests serve the models they train (@twotower/server's createServer + inject): light-my-request
  // requires cookie@2, which is ESM-only, so the preset's SWC transform turns it into CommonJS
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/cookie@|cookie/)'],
};
