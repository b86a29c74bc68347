module.exports = {
  preset: '@twotower/jest-preset',
  // light-my-request (loaded by fastify) requires cookie@2, which is ESM-only: let the preset's SWC
  // transform turn it into CommonJS (Node itself loads it with require(esm); jest cannot)
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/cookie@|cookie/)'],
};
