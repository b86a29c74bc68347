import { ready, BACKEND_ENV } from './backend';

describe('ready', () => {
  afterEach(() => {
    delete process.env[BACKEND_ENV];
  });

  it('picks a backend automatically and says why in one line', async () => {
    const lines: string[] = [];
    const info = await ready({ log: (l) => lines.push(l) });
    expect(['tensorflow', 'wasm', 'cpu']).toContain(info.backend);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`backend=${info.backend}`);
    if (info.backend !== 'tensorflow') {
      // tfjs-node cannot load here: the reason says so
      expect(info.unavailable[0]?.backend).toBe('tensorflow');
      expect(info.reason).toMatch(/tensorflow unavailable/);
    }
  });

  it('honours the environment variable', async () => {
    process.env[BACKEND_ENV] = 'cpu';
    const info = await ready({ log: null });
    expect(info.backend).toBe('cpu');
    expect(info.reason).toMatch(/TWOTOWER_BACKEND/);
  });

  it('rejects an unknown backend name in the environment, naming the choices', async () => {
    process.env[BACKEND_ENV] = 'gpu';
    await expect(ready({ log: null })).rejects.toThrow(/TWOTOWER_BACKEND="gpu" is not a backend: use one of tensorflow, wasm, cpu/);
  });
});
