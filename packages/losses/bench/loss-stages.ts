/**
 * Where the fused retrieval loss's time goes at batch × batch scores, dim 32 (issue #16): the
 * scores product, the copy out of tfjs, the row pass (softmax, gradient, transpose; SIMD kernel or
 * JavaScript by `TWOTOWER_LOSS_KERNEL`, threads by `TWOTOWER_THREADS`), the copies back, the two
 * gradient products, and the whole loss with its gradients. Median ms of 20 repetitions, as JSON.
 *
 *   pnpm --filter @twotower/losses build && pnpm --filter @twotower/towers exec tsx ../losses/bench/loss-stages.ts [batch]
 */
import { ready, tf, matMulABt } from '@twotower/runtime';
import { rowPool } from '../dist/parallel/row-pool';
import { fusedRetrievalLoss } from '../dist';

type WasmBackend = { typedArrayFromHeap(t: tf.Tensor): Float32Array };

async function main() {
  await ready({ log: null });
  const B = Number(process.argv[2] ?? 2048);
  const D = 32;
  const reps = 20;
  const q = tf.mul(tf.randomNormal([B, D]), 0.3) as tf.Tensor2D;
  const c = tf.mul(tf.randomNormal([B, D]), 0.3) as tf.Tensor2D;
  const backend = tf.backend() as unknown as WasmBackend;
  const t: Record<string, number[]> = {};
  const time = (name: string, f: () => void) => {
    const s = performance.now();
    f();
    (t[name] ??= []).push(performance.now() - s);
  };
  const pool = rowPool();
  const sync = (x: tf.Tensor) => {
    x.dataSync();
    x.dispose();
  };
  for (let r = 0; r < reps + 3; r++) {
    const v = pool.prepare(B, B);
    let s!: tf.Tensor;
    time('scoresProduct', () => {
      s = matMulABt(q, c);
      backend.typedArrayFromHeap(s);
    });
    time('copyOut', () => v.scores.set(backend.typedArrayFromHeap(s)));
    s.dispose();
    time('rowPass', () => pool.run(B, B, {}, B));
    let g!: tf.Tensor2D;
    let gT!: tf.Tensor2D;
    time('copyBack', () => {
      g = tf.tensor2d(v.grad, [B, B]);
      gT = tf.tensor2d(v.gradT, [B, B]);
    });
    time('gradQueries', () => sync(tf.matMul(g, c)));
    time('gradCandidates', () => sync(tf.matMul(gT, q)));
    g.dispose();
    gT.dispose();
    time('lossAndGradients', () => {
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => fusedRetrievalLoss(a as tf.Tensor2D, b as tf.Tensor2D, { reduction: 'sum' }))([q, c]);
      grads.forEach(sync);
    });
  }
  const median = (a: number[]) => {
    const s = a.slice(3).sort((x, y) => x - y);
    return Math.round(s[s.length >> 1]! * 10) / 10;
  };
  console.log(JSON.stringify({
    benchmark: 'loss-stages', batch: B, dim: D, kernel: pool.kernel, threads: pool.enabled ? 2 : 1,
    medianMs: Object.fromEntries(Object.entries(t).map(([k, a]) => [k, median(a)])),
  }));
}

void main();
