/**
 * Slow-body check (issue 17, failure 1): starts twotower-serve on loopback, opens `--sockets`
 * connections that each announce `Content-Length: 100` and send 7 bytes of body, then stall; counts
 * the server's open file descriptors (/proc/<pid>/fd, the server's /proc/self/fd) every 250 ms and
 * how long each connection lived and what it got. Every socket is destroyed after `--limit`
 * seconds at the latest. Prints one JSON object.
 *
 *   pnpm --filter @twotower/serving exec tsx bench/slow-bodies.ts --model models/ml-100k [--sockets 5000] [--limit 60] [-- server flags...]
 */
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { readFlags } from './flag-reader';
import { startServer, stopServer } from './server-process';

interface Flags {
  model: string;
  sockets: number;
  limit: number;
  serverFlags: string[];
}

function parseFlags(argv: string[]): Flags {
  const f: Flags = { model: resolve(__dirname, '../../../models/ml-100k'), sockets: 5000, limit: 60, serverFlags: [] };
  // everything after `--` goes to the server as it is
  const split = argv.indexOf('--');
  if (split >= 0) f.serverFlags = argv.slice(split + 1);
  readFlags(split >= 0 ? argv.slice(0, split) : argv, (flag, value) => {
    if (flag === '--model') f.model = resolve(value.string());
    else if (flag === '--sockets') f.sockets = value.number();
    else if (flag === '--limit') f.limit = value.number();
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write('slow-bodies.ts --model DIR [--sockets 5000] [--limit 60] [-- twotower-serve flags, e.g. --max-connections 0 --request-timeout 10]\n');
      process.exit(0);
    } else return false;
    return true;
  });
  return f;
}

interface Outcome {
  ms: number;
  status: number;
  end: 'closed' | 'error' | 'limit';
}

const fds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const pct = (xs: number[], p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : NaN);

async function main(): Promise<void> {
  const f = parseFlags(process.argv.slice(2));
  const server = await startServer(f.model, f.serverFlags);
  const pid = server.child.pid!;
  const port = Number(new URL(server.url).port);
  await new Promise((r) => setTimeout(r, 500));
  const before = fds(pid);
  const head = 'POST /v1/rank HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user"';
  const t0 = performance.now();
  const samples: Array<[number, number]> = [];
  let peak = before;
  const sampler = setInterval(() => {
    const n = fds(pid);
    peak = Math.max(peak, n);
    samples.push([Math.round(performance.now() - t0), n]);
  }, 250);
  const outcomes = await Promise.all(
    Array.from(
      { length: f.sockets },
      () =>
        new Promise<Outcome>((done) => {
          const start = performance.now();
          const s = connect(port, '127.0.0.1');
          let text = '';
          let end: Outcome['end'] = 'closed';
          const limit = setTimeout(() => {
            end = 'limit';
            s.destroy();
          }, f.limit * 1000);
          s.on('connect', () => s.write(head));
          s.on('data', (d) => (text += d.toString('latin1')));
          s.on('error', () => (end = end === 'limit' ? 'limit' : 'error'));
          s.on('close', () => {
            clearTimeout(limit);
            done({ ms: performance.now() - start, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), end });
          });
        }),
    ),
  );
  await new Promise((r) => setTimeout(r, 500));
  clearInterval(sampler);
  const after = fds(pid);
  const stop = await stopServer(server);
  const by = (pred: (o: Outcome) => boolean) => outcomes.filter(pred).map((o) => o.ms).sort((a, b) => a - b);
  const timedOut = by((o) => o.status === 408);
  const refused = by((o) => o.status === 0 && o.end !== 'limit');
  const stillOpen = by((o) => o.end === 'limit');
  const summary = (xs: number[]) => ({ count: xs.length, minS: +(pct(xs, 0) / 1000).toFixed(2), p50S: +(pct(xs, 50) / 1000).toFixed(2), maxS: +(pct(xs, 100) / 1000).toFixed(2) });
  const out = {
    sockets: f.sockets,
    serverFlags: f.serverFlags,
    serverFds: { before, peak, afterAllClosed: after },
    answered408: summary(timedOut),
    closedWithoutAnswer: summary(refused),
    stillOpenAtLimit: summary(stillOpen),
    otherStatuses: outcomes.filter((o) => o.status !== 0 && o.status !== 408).length,
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
    fdSamples: samples.filter((_, i) => i % 4 === 0),
    serverStop: stop,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`[slow-bodies] failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
