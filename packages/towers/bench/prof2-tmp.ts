import { ready, tf } from '@twotower/runtime';
import { TwoTowerModel } from '../src';
import { referenceConfig, randomBatch } from './reference-model';
(async () => {
  await ready({ backend: 'wasm', log: null });
  const m = new TwoTowerModel(referenceConfig([64, 32]));
  const B = 2048;
  const b = randomBatch(B, 1);
  for (let i = 0; i < 3; i++) m.trainStep(b.q, B, b.c, B);
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) m.trainStep(b.q, B, b.c, B);
  console.log('step', (performance.now() - t0) / 10);
})();
