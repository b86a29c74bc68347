import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ready, tf } from '@twotower/runtime';
import { retrievalLoss, type RetrievalLossOptions } from '../retrieval-loss';
import { randn2d, rng, values } from '../test-utils';

// The worker runs compiled JavaScript, so this test drives the built package (turbo builds it
// before testing); from a bare source checkout it says so and skips.
const DIST = join(__dirname, '..', '..', 'dist');
const run = existsSync(join(DIST, 'parallel', 'loss-worker.js')) ? it : it.skip;
if (!existsSync(join(DIST, 'parallel', 'loss-worker.js'))) console.warn(`loss-pool test skipped: ${DIST} is not built (run \`pnpm --filter @twotower/losses build\` first)`);

const B = 512;
const N = 520;
const D = 8;

describe('the loss pool (two threads, each with its own tfjs backend)', () => {
  beforeAll(async () => {
    await ready({ backend: 'wasm', log: null });
  });

  run('gives the composed loss and its gradients, with every option it takes, step after step', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dist = require(DIST) as typeof import('../index');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { lossPool } = require(join(DIST, 'parallel', 'loss-pool.js')) as typeof import('./loss-pool');
    const pool = lossPool();
    expect(pool.enabled).toBe(true);
    const r = rng(4);
    const options: RetrievalLossOptions = {
      temperature: 0.2,
      candidateLogProb: Float32Array.from({ length: N }, () => Math.log(0.001 + r())),
      positiveIds: Int32Array.from({ length: B }, () => Math.floor(r() * 300)),
      candidateIds: Int32Array.from({ length: N }, () => Math.floor(r() * 300)),
      sampleWeights: Float32Array.from({ length: B }, () => 0.5 + r()),
    };
    // the first call starts the worker's backend and is served by the row pool
    expect(pool.takes(B, N, options)).toBe(false);
    const deadline = Date.now() + 60_000;
    while (!pool.takes(B, N, options) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    expect(pool.takes(B, N, options)).toBe(true);
    const before = pool.runs;
    const tensors = tf.memory().numTensors;
    for (let step = 0; step < 3; step++) {
      tf.tidy(() => {
        const q = randn2d(B, D, 10 + step);
        const c = randn2d(N, D, 20 + step);
        const composed = tf.grads((a: tf.Tensor, b: tf.Tensor) => retrievalLoss(a as tf.Tensor2D, b as tf.Tensor2D, options))([q, c]);
        const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) => dist.fusedRetrievalLoss(a as tf.Tensor2D, b as tf.Tensor2D, options))([q, c]);
        expect(value.dataSync()[0]! / retrievalLoss(q, c, options).dataSync()[0]!).toBeCloseTo(1, 5);
        for (let k = 0; k < 2; k++) {
          const got = values(grads[k]!);
          const want = values(composed[k]!);
          const scale = Math.max(...want.map(Math.abs));
          got.forEach((v, i) => expect(Math.abs(v - want[i]!) / scale).toBeLessThan(1e-4));
        }
      });
    }
    expect(pool.runs).toBe(before + 3);
    expect(tf.memory().numTensors).toBe(tensors);
    // hard negatives are left to the row pool
    expect(pool.takes(B, N, { hardNegatives: 20 })).toBe(false);
  });
});
