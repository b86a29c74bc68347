/**
 * Registers what tfjs-core registers only from its ES modules: the gradients of its kernels
 * (what `tf.grad`, `tf.variableGrads` and every optimizer's `minimize` need) and the Tensor
 * methods (`t.add(b)`, `t.mean()`, ...). Core's CommonJS build leaves both out; they are bundled
 * as CommonJS at build time from core's ES modules (scripts/bundle-core-registrations.mjs →
 * dist/vendor/tfjs-core-registrations.js; jest.config.js points the tests at the same file).
 * Registering them twice (tfjs-node loads the `@tensorflow/tfjs` umbrella, which has its own
 * copy) replaces each function with an identical one.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./vendor/tfjs-core-registrations');

export {};
