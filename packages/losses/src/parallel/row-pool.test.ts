import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { softmaxRows } from '../softmax-rows';
import { transposeInto } from '../transpose';
import { rng } from '../test-utils';

// The worker runs compiled JavaScript, so this test drives the built package (turbo builds it
// before testing); from a bare source checkout it says so and skips.
const DIST = join(__dirname, '..', '..', 'dist', 'parallel', 'row-pool.js');
const run = existsSync(DIST) ? it : it.skip;
if (!existsSync(DIST)) console.warn(`row-pool test skipped: ${DIST} is missing (run \`pnpm --filter @twotower/losses build\` first)`);

describe('row pool (worker thread)', () => {
  run('splits rows with a worker and matches the single-threaded pass exactly', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { rowPool } = require(DIST) as typeof import('./row-pool');
    const pool = rowPool();
    expect(pool.enabled).toBe(true);
    const B = 300;
    const N = 340;
    const r = rng(11);
    const scores = Float32Array.from({ length: B * N }, () => r() * 4 - 2);
    const options = {
      temperature: 0.3,
      candidateLogProb: Float32Array.from({ length: N }, () => Math.log(0.001 + r())),
      positiveIds: Int32Array.from({ length: B }, () => Math.floor(r() * 50)),
      candidateIds: Int32Array.from({ length: N }, () => Math.floor(r() * 50)),
      hardNegatives: 40,
      sampleWeights: Float32Array.from({ length: B }, () => 0.5 + r()),
    };
    let total = 0;
    for (let i = 0; i < B; i++) total += options.sampleWeights[i]!;
    const grad = new Float32Array(B * N);
    const gradT = new Float32Array(B * N);
    const expected = softmaxRows(scores, B, N, 0, B, options, total, grad);
    transposeInto(grad, B, N, gradT);
    for (let rep = 0; rep < 3; rep++) {
      const v = pool.prepare(B, N);
      v.scores.set(scores);
      const loss = pool.run(B, N, options, total);
      expect(loss).toBeCloseTo(expected, 6);
      expect(Array.from(v.grad)).toEqual(Array.from(grad));
      expect(Array.from(v.gradT)).toEqual(Array.from(gradT));
    }
  });

  run('runs the SIMD kernel on both threads where it applies, within float32 of the JavaScript pass', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { rowPool } = require(DIST) as typeof import('./row-pool');
    const pool = rowPool();
    expect(pool.kernel).toBe('simd');
    const B = 296;
    const N = 340;
    const r = rng(12);
    const scores = Float32Array.from({ length: B * N }, () => r() * 4 - 2);
    const options = {
      temperature: 0.2,
      candidateLogProb: Float32Array.from({ length: N }, () => Math.log(0.001 + r())),
      positiveIds: Int32Array.from({ length: B }, () => Math.floor(r() * 50)),
      candidateIds: Int32Array.from({ length: N }, () => Math.floor(r() * 50)),
    };
    const grad = new Float32Array(B * N);
    const gradT = new Float32Array(B * N);
    const expected = softmaxRows(scores, B, N, 0, B, options, B, grad);
    transposeInto(grad, B, N, gradT);
    const v = pool.prepare(B, N);
    v.scores.set(scores);
    const loss = pool.run(B, N, options, B);
    expect(loss / expected).toBeCloseTo(1, 5);
    let worst = 0;
    for (let i = 0; i < B * N; i++) worst = Math.max(worst, Math.abs(v.grad[i]! - grad[i]!), Math.abs(v.gradT[i]! - gradT[i]!));
    expect(worst).toBeLessThan(1e-6);
  });
});
