/**
 * How fast tfjs's matrix product runs here (the ceiling of EASE's blocked inverse and of a
 * training step's products): GFLOP/s of `tf.matMul` at the block shapes the inverse uses and at
 * 2048³, in this process; with `--processes N`, the same in N processes at once (each its own
 * backend), to see whether more cores add throughput. One JSON object on stdout.
 *
 *   pnpm --filter @twotower/training exec tsx bench/matmul-throughput.ts [--processes 2] [--reps 3]
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { backendName, ready, tf } from '@twotower/runtime';

const flag = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SHAPES: Array<[number, number, number]> = [
  [512, 10_000, 512],
  [10_000, 512, 512],
  [2048, 2048, 2048],
];

/** GFLOP/s of `[m × k]·[k × n]`, mean of `reps` products after one warm-up. */
function gflops(m: number, k: number, n: number, reps: number): number {
  const a = tf.randomNormal([m, k]) as tf.Tensor2D;
  const b = tf.randomNormal([k, n]) as tf.Tensor2D;
  const once = () => {
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
  };
  once();
  const t = performance.now();
  for (let i = 0; i < reps; i++) once();
  const ms = (performance.now() - t) / reps;
  a.dispose();
  b.dispose();
  return Math.round((2 * m * k * n) / ms / 1e5) / 10;
}

async function measure(reps: number): Promise<Record<string, number>> {
  await ready({ log: null });
  return Object.fromEntries(SHAPES.map(([m, k, n]) => [`${m}x${k}x${n}`, gflops(m, k, n, reps)]));
}

/** Runs `measure` in `count` child processes at once; their results. */
function concurrent(count: number, reps: number): Promise<Array<Record<string, number>>> {
  const one = () =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, __filename, '--child', '--reps', String(reps)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Record<string, number>) : reject(new Error(`a measuring process exited with ${code}`))));
    });
  return Promise.all(Array.from({ length: count }, one));
}

async function main(): Promise<void> {
  const reps = Number(flag('reps') ?? 3);
  if (process.argv.includes('--child')) {
    process.stdout.write(JSON.stringify(await measure(reps)));
    return;
  }
  const processes = Number(flag('processes') ?? 1);
  const alone = await measure(reps);
  const together = processes > 1 ? await concurrent(processes, reps) : undefined;
  const out = {
    benchmark: 'matmul-throughput',
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, loadavg: loadavg().map((x) => Math.round(x * 100) / 100), backend: backendName() },
    gflopsAlone: alone,
    ...(together ? { processes, gflopsEachTogether: together, gflopsSumTogether: Object.fromEntries(Object.keys(alone).map((s) => [s, Math.round(together.reduce((acc, r) => acc + r[s]!, 0) * 10) / 10])) } : {}),
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
