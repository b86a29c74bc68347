import { EventEmitter } from 'node:events';
import { tf } from '@twotower/runtime';
import { parseServeFlags } from './cli-flags';
import { startServer } from './main';
import { modelA } from './test/fixtures';

jest.setTimeout(60_000);

describe('startServer (the twotower-serve process wiring)', () => {
  it('listens on loopback, reloads on SIGHUP, stops gracefully on SIGTERM', async () => {
    const base = tf.memory().numTensors;
    const signals = new EventEmitter();
    const exits: number[] = [];
    const exited = new Promise<void>((resolve) => {
      signals.once('exited', resolve);
    });
    const running = await startServer(parseServeFlags(['--model', modelA(), '--port', '0', '--log-level', 'silent'], {}), {
      signals,
      exit: (code) => {
        exits.push(code);
        signals.emit('exited');
      },
    });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(200);
    const r = await fetch(`${running.url}/v1/recommend/item-items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item: 'i0', k: 3 }) });
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
