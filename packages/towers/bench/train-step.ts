/**
 * `pnpm bench:runtime`: one training step of the TFRS MovieLens retrieval model (query tower:
 * user id, timestamp buckets, normalised timestamp; candidate tower: title id, mean-pooled title
 * tokens; batch 2048, MLP [64, 32] on both towers, in-batch softmax, Adagrad 0.1) on every
 * backend available here, beside the same model written the plain tfjs way on stock wasm and
 * with twotower's kernel.
 * Prints one JSON line per measurement, then `{ "summary": {...} }` for the fastest backend.
 * With `--peer`, instead: this step against the same-shape PyTorch step, alternating (bench/peer.ts);
 * with `--profile`, where one step's time goes by kernel (bench/profile-step.ts).
 * Usage: tsx bench/train-step.ts [--steps N] [--warmup N] [--batch N]
 *        tsx bench/train-step.ts --peer [--rounds 6] [--steps 20] [--threads 2] [--load] [--python /usr/bin/python3]
 */
import { parseArgs } from 'node:util';
import { ready, tf, BACKEND_ORDER, type BackendName } from '@twotower/runtime';
import { TwoTowerModel } from '../src';
import { referenceConfig, randomBatch } from './reference-model';
import { naiveStep } from './naive-step';
import { runPeer } from './peer';
import { profileStep } from './profile-step';

const { values } = parseArgs({
  options: {
    steps: { type: 'string' },
    warmup: { type: 'string' },
    batch: { type: 'string' },
    peer: { type: 'boolean' },
    profile: { type: 'boolean' },
    rounds: { type: 'string' },
    threads: { type: 'string' },
    load: { type: 'boolean' },
    python: { type: 'string' },
  },
});
const STEPS = Number(values.steps ?? 20);
const WARMUP = Number(values.warmup ?? 10);
const B = Number(values.batch ?? 2048);

interface Row {
  backend: string;
  variant: string;
  msPerStep?: number;
  examplesPerSecond?: number;
  steps?: number;
  error?: string;
  /** Tensors created and not disposed over the timed steps (must be 0). */
  tensorsLeaked?: number;
}

function time(step: () => void, warmup: number, steps: number) {
  for (let i = 0; i < warmup; i++) step();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  return (performance.now() - t0) / steps;
}

async function main() {
  const batches = Array.from({ length: 4 }, (_, i) => randomBatch(B, i + 1));
  const rows: Row[] = [];
  const emit = (r: Row) => {
    rows.push(r);
    console.log(JSON.stringify(r));
  };
  for (const backend of BACKEND_ORDER) {
    try {
      await ready({ backend: backend as BackendName, log: null });
    } catch (e) {
      emit({ backend, variant: 'twotower', error: (e as Error).message.split('\n')[0] });
      continue;
    }
    // cpu is two orders of magnitude slower: fewer steps
    const [warm, steps] = backend === 'cpu' ? [1, 2] : [WARMUP, STEPS];
    const model = new TwoTowerModel(referenceConfig([64, 32]));
    let k = 0;
    const step = () => {
      const b = batches[k++ % batches.length]!;
      model.trainStep(b.q, B, b.c, B, { reduction: 'sum' });
    };
    step();
    const before = tf.memory().numTensors;
    const ms = time(step, warm, steps);
    emit({ backend, variant: 'twotower', msPerStep: ms, examplesPerSecond: (B * 1000) / ms, steps, tensorsLeaked: tf.memory().numTensors - before });
    model.dispose();
    if (backend === 'wasm') {
      // the plain tfjs model on stock wasm: without twotower's UnsortedSegmentSum it cannot train
      const kernel = tf.getKernel('UnsortedSegmentSum', 'wasm');
      tf.unregisterKernel('UnsortedSegmentSum', 'wasm');
      try {
        const step = naiveStep([64, 32]);
        const b = batches[0]!;
        step(b.q, b.c, B);
        emit({ backend, variant: 'plain tfjs, stock wasm', msPerStep: NaN });
      } catch (e) {
        emit({ backend, variant: 'plain tfjs, stock wasm', error: (e as Error).message.split('\n')[0] });
      }
      if (kernel) tf.registerKernel(kernel);
      const step = naiveStep([64, 32]);
      let j = 0;
      const naiveMs = time(() => {
        const b = batches[j++ % batches.length]!;
        step(b.q, b.c, B);
      }, 2, 5);
      emit({ backend, variant: 'plain tfjs, wasm + twotower UnsortedSegmentSum', msPerStep: naiveMs, examplesPerSecond: (B * 1000) / naiveMs, steps: 5 });
    }
  }
  const best = rows.filter((r) => r.variant === 'twotower' && r.msPerStep).sort((a, b) => a.msPerStep! - b.msPerStep!)[0];
  const wasm = rows.find((r) => r.backend === 'wasm' && r.variant === 'twotower');
  const naive = rows.find((r) => r.variant.startsWith('plain tfjs, wasm +'));
  console.log(
    JSON.stringify({
      summary: {
        backend: best?.backend,
        examplesPerSecond: best?.examplesPerSecond && Math.round(best.examplesPerSecond),
        msPerStep: best?.msPerStep && Number(best.msPerStep.toFixed(1)),
        wasmExamplesPerSecond: wasm?.examplesPerSecond && Math.round(wasm.examplesPerSecond),
        plainTfjsWasmMsPerStep: naive?.msPerStep && Number(naive.msPerStep.toFixed(1)),
        batch: B,
        layers: [64, 32],
        threads: process.env.TWOTOWER_THREADS ?? 'auto',
      },
    }),
  );
}
const run = values.profile
  ? async () => console.log(JSON.stringify(await profileStep(B, WARMUP, STEPS), null, 2))
  : values.peer
  ? async () => {
      const out = await runPeer({ batch: B, steps: Number(values.steps ?? 20), rounds: Number(values.rounds ?? 6), warmup: Number(values.warmup ?? 5), threads: Number(values.threads ?? 2), load: values.load ?? false, python: values.python ?? '/usr/bin/python3' });
      console.log(JSON.stringify(out, null, 2));
    }
  : main;
run().catch((e) => {
  console.error(e);
  process.exit(1);
});
