/** The twotower-serve process the serving benchmark measures: started on a free loopback port, stopped with SIGTERM (no drain: `--drain-seconds 0`). */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { resolve } from 'node:path';
import { round } from './queries';

export const BIN = resolve(__dirname, '../bin/twotower-serve.js');

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createNetServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? res(a.port) : rej(new Error('no port'))));
    });
  });
}

export interface Server {
  url: string;
  child: ChildProcess;
  startSeconds: number;
  token: string;
}

export async function startServer(model: string, extra: string[] = []): Promise<Server> {
  const port = await freePort();
  const token = `bench-${Math.random().toString(36).slice(2)}`;
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, '--model', model, '--port', String(port), '--log-level', 'warn', '--no-request-log', '--drain-seconds', '0', ...extra], {
    env: { ...process.env, TWOTOWER_ADMIN_TOKEN: token },
    // the server's log lines (stdout) go to stderr: stdout holds only the bench's JSON
    stdio: ['ignore', 2, 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`twotower-serve exited with ${child.exitCode} while starting`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, startSeconds: round((performance.now() - t0) / 1000), token };
}

export async function stopServer(s: Server): Promise<{ exitCode: number | null; stopSeconds: number }> {
  const t0 = performance.now();
  const exited = new Promise<number | null>((res) => s.child.once('exit', (code) => res(code)));
  s.child.kill('SIGTERM');
  const exitCode = await exited;
  return { exitCode, stopSeconds: round((performance.now() - t0) / 1000) };
}

export async function serverMemory(url: string): Promise<{ rssMB: number; heapUsedMB: number; eventLoopLagP99Ms: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const grab = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rssMB: round(grab('process_resident_memory_bytes') / 1e6, 1),
    heapUsedMB: round(grab('nodejs_heap_size_used_bytes') / 1e6, 1),
    eventLoopLagP99Ms: round(grab('nodejs_eventloop_lag_p99_seconds') * 1000, 2),
  };
}
