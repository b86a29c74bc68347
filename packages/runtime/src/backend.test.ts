import { ready, BACKEND_ENV } from './backend';

describe('ready', () => {
  afterEach(() => {
    delete process.env[BACKEND_ENV];
  });

  it('picks a backend automatically and says why in one short line (TWOTOWER_DEBUG adds the errors)', async () => {
    const debug = process.env.TWOTOWER_DEBUG;
    process.env.TWOTOWER_DEBUG = '1';
    try {
      const lines: string[] = [];
      const info = await ready({ log: (l) => lines.push(l) });
      expect(['tensorflow', 'wasm', 'cpu']).toContain(info.backend);
      expect(lines[0]).toBe(`[twotower] backend: ${info.backend} (${info.reason})`);
      // no store path or stack in it: a few words
      expect(lines[0]!.length).toBeLessThan(100);
      expect(lines.slice(1)).toEqual(info.unavailable.map((u) => `[twotower]   ${u.backend} unavailable: ${u.error}`));
      if (info.backend === 'tensorflow') {
        expect(info.reason).toBe('the fastest backend');
        expect(info.unavailable).toEqual([]);
      } else {
        // tfjs-node cannot load here: the reason says so in a few words, the error in full beside it
        expect(info.unavailable[0]?.backend).toBe('tensorflow');
        expect(info.reason).toMatch(/^tfjs-node (not installed|failed to load)/);
        expect(info.unavailable[0]!.error.length).toBeGreaterThan(info.reason.length);
      }
    } finally {
      if (debug === undefined) delete process.env.TWOTOWER_DEBUG;
      else process.env.TWOTOWER_DEBUG = debug;
    }
  });

  it('honours the environment variable', async () => {
    process.env[BACKEND_ENV] = 'cpu';
    const debug = process.env.TWOTOWER_DEBUG;
    delete process.env.TWOTOWER_DEBUG;
    const lines: string[] = [];
    const info = await ready({ log: (l) => lines.push(l) });
    if (debug !== undefined) process.env.TWOTOWER_DEBUG = debug;
    expect(info.backend).toBe('cpu');
    expect(info.reason).toBe('forced by TWOTOWER_BACKEND');
    expect(lines).toEqual(['[twotower] backend: cpu (forced by TWOTOWER_BACKEND)']);
  });

  it('rejects an unknown backend name in the environment, naming the choices', async () => {
    process.env[BACKEND_ENV] = 'gpu';
    await expect(ready({ log: null })).rejects.toThrow(/TWOTOWER_BACKEND="gpu" is not a backend: use one of tensorflow, wasm, cpu/);
  });
});
