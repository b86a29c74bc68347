/* scratch: time each stage of the fused retrieval loss at batch 2048 × dim 32 */
import { ready, tf, matMulABt } from '@twotower/runtime';
import { rowPool } from '../dist/parallel/row-pool';
import { fusedRetrievalLoss } from '../dist';

async function main() {
  await ready({ log: null });
  const B = Number(process.argv[2] ?? 2048), D = 32, reps = 20;
  const q = tf.randomNormal([B, D]).mul(0.3) as tf.Tensor2D;
  const c = tf.randomNormal([B, D]).mul(0.3) as tf.Tensor2D;
  const t: Record<string, number[]> = {};
  const time = (name: string, f: () => void) => { const s = performance.now(); f(); (t[name] ??= []).push(performance.now() - s); };
  const pool = rowPool();
  for (let r = 0; r < reps + 3; r++) {
    const v = pool.prepare(B, B);
    let s!: tf.Tensor;
    time('scores matmul', () => { s = matMulABt(q, c); (tf.backend() as any).typedArrayFromHeap(s); });
    time('readInto', () => { v.scores.set((tf.backend() as any).typedArrayFromHeap(s)); });
    s.dispose();
    time('softmax+transpose (pool)', () => pool.run(B, B, {}, B));
    let g!: tf.Tensor2D, gT!: tf.Tensor2D;
    time('tensor2d g, gT', () => { g = tf.tensor2d(v.grad, [B, B]); gT = tf.tensor2d(v.gradT, [B, B]); });
    time('G·c', () => { const x = tf.matMul(g, c); x.dataSync(); x.dispose(); });
    time('Gt·q', () => { const x = tf.matMul(gT, q); x.dataSync(); x.dispose(); });
    time('matMul(g, q, transposeA)', () => { const x = tf.matMul(g, q, true, false); x.dataSync(); x.dispose(); });
    g.dispose(); gT.dispose();
    time('fused loss + grads', () => { const gr = tf.grads((a: tf.Tensor, b: tf.Tensor) => fusedRetrievalLoss(a as tf.Tensor2D, b as tf.Tensor2D, { reduction: 'sum' }))([q, c]); gr.forEach((x) => { x.dataSync(); x.dispose(); }); });
  }
  const med = (a: number[]) => { const s = a.slice(3).sort((x, y) => x - y); return Math.round(s[s.length >> 1]! * 10) / 10; };
  console.log(JSON.stringify(Object.fromEntries(Object.entries(t).map(([k, a]) => [k, med(a)])), null, 1));
}
void main();
