/**
 * `pnpm bench:runtime --profile`: where one reference step's time goes — wall ms per step, and
 * `tf.profile`'s kernel times summed by kernel name (mean over `reps` profiled steps). Custom
 * gradients' forward functions show as `forward` and include the JavaScript inside them (the fused
 * loss); kernels they run are also listed by their own names, so the sum can exceed the wall time.
 */
import { ready, tf } from '@twotower/runtime';
import { TwoTowerModel } from '../src';
import { randomBatch, referenceConfig } from './reference-model';

export async function profileStep(batch: number, warmup: number, steps: number, reps = 5): Promise<Record<string, unknown>> {
  await ready({ log: null });
  const batches = Array.from({ length: 4 }, (_, i) => randomBatch(batch, i + 1));
  const model = new TwoTowerModel(referenceConfig([64, 32]));
  let k = 0;
  const step = () => {
    const b = batches[k++ % batches.length]!;
    model.trainStep(b.q, batch, b.c, batch, { reduction: 'sum' });
  };
  for (let i = 0; i < warmup; i++) step();
  const t = performance.now();
  for (let i = 0; i < steps; i++) step();
  const wallMs = (performance.now() - t) / steps;
  const byKernel = new Map<string, number>();
  for (let i = 0; i < reps; i++) {
    const p = await tf.profile(() => step());
    for (const kn of p.kernels) byKernel.set(kn.name, (byKernel.get(kn.name) ?? 0) + (typeof kn.kernelTimeMs === 'number' ? kn.kernelTimeMs : 0) / reps);
  }
  model.dispose();
  const kernels = Object.fromEntries([...byKernel.entries()].sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms >= 0.05).map(([name, ms]) => [name, Math.round(ms * 10) / 10]));
  return { benchmark: 'runtime-profile', batch, wallMsPerStep: Math.round(wallMs * 10) / 10, profiledSteps: reps, kernelMsPerStep: kernels };
}
