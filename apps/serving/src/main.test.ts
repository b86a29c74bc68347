import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '@twotower/runtime';
import { parseServeFlags } from './cli-flags';
import { main, startServer } from './main';
import { writeTinyModel } from './test/tiny-model';

jest.setTimeout(60_000);

const root = mkdtempSync(join(tmpdir(), 'tt-serve-main-'));
const model = join(root, 'model');
beforeAll(() => writeTinyModel(model));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('startServer (the twotower-serve process wiring)', () => {
  it('listens on loopback, reloads on SIGHUP, stops gracefully on SIGTERM', async () => {
    const base = tf.memory().numTensors;
    const signals = new EventEmitter();
    const exits: number[] = [];
    const exited = new Promise<void>((resolve) => {
      signals.once('exited', resolve);
    });
    const running = await startServer(parseServeFlags(['--model', model, '--port', '0', '--log-level', 'silent', '--drain-seconds', '0.4'], {}), {
      signals,
      exit: (code) => {
        exits.push(code);
        signals.emit('exited');
      },
    });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(200);
    const r = await fetch(`${running.url}/v1/recommend/item-items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item: '1', k: 3 }) });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { items: unknown[] }).items).toHaveLength(3);

    signals.emit('SIGHUP');
    for (let i = 0; i < 100 && !(await (await fetch(`${running.url}/metrics`)).text()).includes('twotower_model_reloads_total{result="success"} 1'); i++) {
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(await (await fetch(`${running.url}/metrics`)).text()).toContain('twotower_model_reloads_total{result="success"} 1');

    // SIGTERM: a drain first — readiness 503 at once, requests still answered — then the stop
    const t0 = performance.now();
    signals.emit('SIGTERM');
    const draining = await fetch(`${running.url}/readyz`);
    expect(draining.status).toBe(503);
    expect(((await draining.json()) as { error: { code: string } }).error.code).toBe('NOT_READY');
    const during = await fetch(`${running.url}/v1/recommend/item-items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item: '1', k: 3 }) });
    expect(during.status).toBe(200);
    expect(during.headers.get('connection')).toBe('close');
    await exited;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(350);
    expect(exits).toEqual([0]);
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(base);
  });
});

describe('main (the twotower-serve command)', () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  });
  afterEach(() => jest.restoreAllMocks());

  it('--help prints every flag and exits 0', async () => {
    expect(await main(['--help'])).toBe(0);
    const help = out.join('');
    for (const flag of ['--model', '--host', '--port', '--log-level', '--no-request-log', '--items-index', '--items-factory', '--items-params', '--queries-index', '--queries-factory', '--queries-params', '--users-index', '--users-factory', '--users-params', '--max-k', '--max-batch', '--body-limit', '--cold-start', '--drain-seconds', '--shutdown-timeout', '--request-timeout', '--keep-alive-timeout', '--max-connections', '--cors-origin', '--help']) {
      expect(help).toContain(flag);
    }
    for (const text of ['TWOTOWER_MODEL', 'HOST', 'PORT', 'SIGHUP', 'TWOTOWER_ADMIN_TOKEN', 'TWOTOWER_CORS_ORIGINS']) expect(help).toContain(text);
    expect(err).toEqual([]);
  });

  it('a usage mistake exits 2 with the message and the help; a model that cannot load exits 1', async () => {
    expect(await main(['--model', model, '--prot', '9000'])).toBe(2);
    expect(err.join('')).toMatch(/^twotower-serve: unknown option '--prot'\n\(Did you mean --port\?\)\n\nUsage: twotower-serve/);
    err.length = 0;
    expect(await main(['--model', join(root, 'nothing-here'), '--port', '0', '--log-level', 'silent'])).toBe(1);
    expect(err.join('')).toMatch(/^twotower-serve: could not start: .*nothing-here/);
  });
});

describe('twotower-serve as a process (real signals, exit code, log lines)', () => {
  /** Starts `twotower-serve` from its sources; resolves once it logs that it is serving. */
  async function serve(flags: string[]) {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'test/serve-process.ts'), '--model', model, '--port', '0', ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const kill = setTimeout(() => child.kill('SIGKILL'), 40_000);
    exited.finally(() => clearTimeout(kill));
    for (let i = 0; i < 400 && !/"msg":"serving"/.test(out) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
    const url = /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1];
    if (url === undefined) {
      child.kill('SIGKILL');
      throw new Error(`twotower-serve did not start:\n${out}`);
    }
    return { child, url, port: Number(new URL(url).port), exited, output: () => out };
  }

  it('exits 1 with "did not finish" when a request outlasts --shutdown-timeout (a body that never ends)', async () => {
    const s = await serve(['--drain-seconds', '0', '--shutdown-timeout', '1', '--request-timeout', '30']);
    const socket = connect(s.port, '127.0.0.1');
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('POST /v1/rank HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user"');
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    s.child.kill('SIGTERM');
    const code = await s.exited;
    const ms = performance.now() - t0;
    socket.destroy();
    expect(code).toBe(1);
    // not before the deadline; the body never ends and --request-timeout is 30 s, so an exit at all shows the deadline held
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(s.output()).toMatch(/requests did not finish in time: exiting anyway/);
  });

  it('drains on SIGTERM (readiness 503, requests answered), exits 0; a second signal ends the drain', async () => {
    const s = await serve(['--drain-seconds', '30', '--log-level', 'info']);
    s.child.kill('SIGTERM');
    let ready = 0;
    for (let i = 0; i < 100 && ready !== 503; i++) {
      ready = (await fetch(`${s.url}/readyz`)).status;
      if (ready !== 503) await new Promise((r) => setTimeout(r, 20));
    }
    expect(ready).toBe(503);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    const t0 = performance.now();
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    // the drain was 30 s: the second signal ended it (a bound far from any machine's speed)
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(s.output()).toMatch(/"msg":"stopped"/);
  });
});
