import { INSTALL_SETS, setsFor, sizeVerdict } from './install-set';
import { MB } from './install-size';

describe('install sets', () => {
  it('runs a set only when all its packages are tested', () => {
    expect(setsFor(['@twotower/runtime', '@twotower/towers'])).toEqual([]);
    expect(setsFor(['@twotower/losses', '@twotower/towers', '@twotower/runtime', '@twotower/index']).map((s) => s.name)).toEqual(['runtime+towers+losses']);
    expect(INSTALL_SETS[0]!.maxBytes).toBe(80_000_000);
  });

  it('passes a set within its limit and fails one above it, naming the heaviest packages', () => {
    const size = (bytes: number) => ({
      bytes,
      tensorflowBytes: bytes - 2 * MB,
      files: 10,
      largest: [
        { name: '@tensorflow/tfjs', bytes: 120 * MB },
        { name: '@tensorflow/tfjs-core', bytes: 38 * MB },
      ],
    });
    expect(sizeVerdict(size(80 * MB), 80 * MB)).toEqual({ status: 'ok', seconds: 0, detail: '80.0 MB (@tensorflow 78.0 MB) <= 80 MB' });
    const over = sizeVerdict(size(80 * MB + 1), 80 * MB);
    expect(over.status).toBe('fail');
    expect(over.detail).toBe('80.0 MB (@tensorflow 78.0 MB) > 80 MB; the heaviest packages: @tensorflow/tfjs 120.0 MB, @tensorflow/tfjs-core 38.0 MB');
  });
});
