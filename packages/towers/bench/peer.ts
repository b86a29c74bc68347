/**
 * `pnpm bench:runtime --peer`: twotower's reference step beside the same-shape PyTorch step
 * (bench/peer_torch.py, run by `/usr/bin/python3` when it can import torch — Debian's
 * `python3-torch`, never a dependency of the product), alternating in the same minutes: `rounds`
 * rounds of `steps` steps on each side (after a warm-up of both), the order swapped every round.
 * With `--load`, another process keeps one core busy throughout. Prints one JSON object: both
 * sides' examples/s per round, their medians and the ratio (twotower / PyTorch) per round and of
 * the medians.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { backendName, ready, tf } from '@twotower/runtime';
import { TwoTowerModel } from '../src';
import { randomBatch, referenceConfig } from './reference-model';

/** Options of {@link runPeer}. */
export interface PeerOptions {
  batch: number;
  steps: number;
  rounds: number;
  warmup: number;
  /** PyTorch threads. */
  threads: number;
  /** Keep one core busy with another process meanwhile. */
  load: boolean;
  python: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (x: number, d = 0) => Math.round(x * 10 ** d) / 10 ** d;

/** Why the peer cannot run here, or undefined. */
export function peerMissing(python: string): string | undefined {
  const probe = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.error) return `${python} cannot be run (${probe.error.message})`;
  if (probe.status !== 0) return `${python} cannot import torch (install Debian's python3-torch to measure the PyTorch peer)`;
  return undefined;
}

/** The PyTorch side: a long-lived process answering `steps N` with ms per step. */
class TorchPeer {
  private readonly proc: ChildProcess;
  private readonly lines: AsyncIterator<string>;

  constructor(python: string, batch: number, threads: number) {
    this.proc = spawn(python, [join(__dirname, 'peer_torch.py'), String(batch), String(threads)], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.lines = createInterface({ input: this.proc.stdout! })[Symbol.asyncIterator]();
  }

  private async next(): Promise<Record<string, unknown>> {
    const r = await this.lines.next();
    if (r.done) throw new Error('the PyTorch peer exited');
    return JSON.parse(r.value) as Record<string, unknown>;
  }

  async ready(): Promise<Record<string, unknown>> {
    return this.next();
  }

  async run(steps: number): Promise<number> {
    this.proc.stdin!.write(`steps ${steps}\n`);
    return (await this.next()).ms as number;
  }

  stop(): void {
    this.proc.stdin!.end('quit\n');
  }
}

/** Runs both sides alternating; returns the JSON object the bench prints. */
export async function runPeer(o: PeerOptions): Promise<Record<string, unknown>> {
  await ready({ log: null });
  const missing = peerMissing(o.python);
  const busy = o.load ? spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }) : undefined;
  try {
    const batches = Array.from({ length: 4 }, (_, i) => randomBatch(o.batch, i + 1));
    const model = new TwoTowerModel(referenceConfig([64, 32]));
    let k = 0;
    const ours = (steps: number) => {
      const t = performance.now();
      for (let i = 0; i < steps; i++) {
        const b = batches[k++ % batches.length]!;
        model.trainStep(b.q, o.batch, b.c, o.batch, { reduction: 'sum' });
      }
      return (performance.now() - t) / steps;
    };
    const peer = missing ? undefined : new TorchPeer(o.python, o.batch, o.threads);
    const info = peer ? await peer.ready() : undefined;
    ours(o.warmup);
    if (peer) await peer.run(o.warmup);
    const rounds: Array<{ twotower: number; pytorch?: number; ratio?: number }> = [];
    const tensorsBefore = tf.memory().numTensors;
    for (let r = 0; r < o.rounds; r++) {
      let a: number;
      let p: number | undefined;
      if (r % 2 === 0 || !peer) {
        a = ours(o.steps);
        p = peer ? await peer.run(o.steps) : undefined;
      } else {
        p = await peer.run(o.steps);
        a = ours(o.steps);
      }
      const row = { twotower: round((o.batch * 1000) / a), ...(p !== undefined ? { pytorch: round((o.batch * 1000) / p), ratio: round(p / a, 3) } : {}) };
      rounds.push(row);
      process.stderr.write(`[bench:runtime --peer] round ${r + 1}/${o.rounds}: ${JSON.stringify(row)}\n`);
    }
    const leaked = tf.memory().numTensors - tensorsBefore;
    peer?.stop();
    model.dispose();
    const ourMedian = median(rounds.map((r) => r.twotower));
    const theirs = rounds.filter((r) => r.pytorch !== undefined).map((r) => r.pytorch!);
    return {
      benchmark: 'runtime-peer',
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, loadavgStart: loadavg().map((x) => round(x, 2)), node: process.version },
      step: { batch: o.batch, layers: [64, 32], loss: 'in-batch softmax, sum', optimizer: 'adagrad 0.1' },
      settings: { steps: o.steps, rounds: o.rounds, warmup: o.warmup, otherProcessLoadingOneCore: o.load },
      twotower: { backend: backendName(), threads: process.env.TWOTOWER_THREADS ?? 'auto', medianExamplesPerSecond: ourMedian, tensorsLeaked: leaked },
      pytorch: peer ? { ...info, medianExamplesPerSecond: median(theirs) } : { skipped: missing },
      ...(peer ? { ratio: round(ourMedian / median(theirs), 3), ratioPerRoundMedian: round(median(rounds.map((r) => r.ratio!)), 3) } : {}),
      rounds,
      loadavgEnd: loadavg().map((x) => round(x, 2)),
    };
  } finally {
    busy?.kill();
  }
}
