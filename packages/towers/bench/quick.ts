import { ready, tf } from '@twotower/runtime';
import { TwoTowerModel } from '../src';
import { referenceConfig, randomBatch } from './reference-model';
(async () => {
  await ready({ backend: (process.argv[2] as 'wasm') ?? 'wasm' });
  const m = new TwoTowerModel(referenceConfig([64, 32]));
  const B = 2048;
  const batches = Array.from({ length: 4 }, (_, i) => randomBatch(B, i));
  for (let i = 0; i < 10; i++) m.trainStep(batches[0]!.q, B, batches[0]!.c, B);
  const t0 = performance.now();
  const steps = 20;
  for (let i = 0; i < steps; i++) { const b = batches[i % 4]!; m.trainStep(b.q, B, b.c, B); }
  const ms = (performance.now() - t0) / steps;
  console.log(JSON.stringify({ msPerStep: ms, examplesPerSecond: (B * 1000) / ms, tensors: tf.memory().numTensors }));
  const prof = await tf.profile(() => { const b = batches[1]!; m.trainStep(b.q, B, b.c, B); });
  const by: Record<string, number> = {};
  for (const k of prof.kernels) by[k.name] = (by[k.name] ?? 0) + (k.kernelTimeMs as number);
  console.log(Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => `${k}:${v.toFixed(1)}`).join(' '));
})();
