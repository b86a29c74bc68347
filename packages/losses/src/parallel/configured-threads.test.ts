import { configuredThreads, THREADS_ENV } from './row-pool';

describe('configuredThreads', () => {
  const saved = process.env[THREADS_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[THREADS_ENV];
    else process.env[THREADS_ENV] = saved;
  });

  it('reads TWOTOWER_THREADS: unset or empty is no setting, a positive integer is the count, anything else names the variable', () => {
    delete process.env[THREADS_ENV];
    expect(configuredThreads()).toBeUndefined();
    process.env[THREADS_ENV] = '';
    expect(configuredThreads()).toBeUndefined();
    process.env[THREADS_ENV] = '3';
    expect(configuredThreads()).toBe(3);
    for (const bad of ['0', '1.5', 'two']) {
      process.env[THREADS_ENV] = bad;
      expect(() => configuredThreads()).toThrow(`TWOTOWER_THREADS="${bad}" must be a positive integer`);
    }
  });
});
