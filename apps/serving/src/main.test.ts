import { EventEmitter } from 'node:events';
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
    const running = await startServer(parseServeFlags(['--model', model, '--port', '0', '--log-level', 'silent'], {}), {
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

    signals.emit('SIGTERM');
    await exited;
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
    for (const flag of ['--model', '--host', '--port', '--log-level', '--no-request-log', '--items-index', '--items-factory', '--items-params', '--queries-index', '--queries-factory', '--queries-params', '--max-k', '--max-batch', '--body-limit', '--cold-start', '--shutdown-timeout', '--help']) {
      expect(help).toContain(flag);
    }
    for (const text of ['TWOTOWER_MODEL', 'HOST', 'PORT', 'SIGHUP', 'TWOTOWER_ADMIN_TOKEN']) expect(help).toContain(text);
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
