import { softmaxRows } from '../softmax-rows';
import { transposeInto } from '../transpose';
import { rng } from '../test-utils';
import type { RetrievalLossOptions } from '../retrieval-loss';
import { kernelMemory, softmaxKernel } from './softmax-kernel';
import { simdRowsApply, softmaxRowsSimd } from './softmax-rows-simd';

const B = 48;
const N = 64;

function compare(options: RetrievalLossOptions, seed: number) {
  const r = rng(seed);
  const scores = Float32Array.from({ length: B * N }, () => r() * 6 - 3);
  const total = options.sampleWeights ? options.sampleWeights.reduce((a, b) => a + b, 0) : B;
  const grad = new Float32Array(B * N);
  const gradT = new Float32Array(B * N);
  const expected = softmaxRows(scores, B, N, 0, B, options, total, grad);
  transposeInto(grad, B, N, gradT);
  const cells = B * N;
  const memory = kernelMemory((3 * cells + N) * 4)!;
  const f32 = new Float32Array(memory.buffer);
  f32.set(scores, 0);
  const qw = options.logQWeight ?? 1;
  for (let j = 0; j < N; j++) f32[3 * cells + j] = options.candidateLogProb ? qw * options.candidateLogProb[j]! : 0;
  const layout = { kernel: softmaxKernel(memory), f32, scores: 0, grad: cells * 4, gradT: 2 * cells * 4, shift: 3 * cells * 4 };
  // in two ranges, as two threads take them
  const loss = softmaxRowsSimd(layout, B, N, 0, 24, options, total) + softmaxRowsSimd(layout, B, N, 24, B, options, total);
  expect(loss / expected).toBeCloseTo(1, 5);
  const got = f32.subarray(cells, 2 * cells);
  const gotT = f32.subarray(2 * cells, 3 * cells);
  let worst = 0;
  for (let i = 0; i < cells; i++) {
    worst = Math.max(worst, Math.abs(got[i]! - grad[i]!));
    expect(gotT[i]).toBe(got[Math.floor(i % B) * N + Math.floor(i / B)]);
  }
  expect(worst).toBeLessThan(1e-6);
}

describe('softmaxRowsSimd', () => {
  it('matches the JavaScript pass (loss, dLoss/dScores and its transpose) with plain in-batch softmax', () => {
    compare({}, 1);
  });

  it('matches it with temperature, logQ, accidental hits and sample weights', () => {
    const r = rng(5);
    compare({
      temperature: 0.2,
      logQWeight: 0.7,
      candidateLogProb: Float32Array.from({ length: N }, () => Math.log(0.001 + r())),
      positiveIds: Int32Array.from({ length: B }, () => Math.floor(r() * 12)),
      candidateIds: Int32Array.from({ length: N }, () => Math.floor(r() * 12)),
      sampleWeights: Float32Array.from({ length: B }, () => 0.5 + r()),
    }, 2);
  });

  it('matches it without in-batch negatives', () => {
    compare({ inBatchNegatives: false, temperature: 0.5 }, 3);
  });

  it('leaves hard negatives and sizes that are not multiples of 4 to the JavaScript pass', () => {
    expect(simdRowsApply(48, 64, { hardNegatives: 10 })).toBe(false);
    expect(simdRowsApply(48, 64, { hardNegatives: 63 })).toBe(true);
    expect(simdRowsApply(50, 64, {})).toBe(false);
    expect(simdRowsApply(48, 66, {})).toBe(false);
    expect(simdRowsApply(48, 64, { temperature: 0.1 })).toBe(true);
  });
});
