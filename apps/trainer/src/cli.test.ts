import { main, overridesFromFlags } from './cli';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err.push(String(s));
    return true;
  });
  return { out, err, print: (l: string) => out.push(l), restore: () => spy.mockRestore() };
}

describe('twotower-train CLI', () => {
  it('explains itself with --help', async () => {
    const c = capture();
    expect(await main(['--help'], c.print)).toBe(0);
    c.restore();
    expect(c.out.join('\n')).toMatch(/Usage:[\s\S]*demo[\s\S]*--data DIR[\s\S]*--resume/);
  });

  it('rejects unknown flags, missing required flags and bad numbers with exit code 2', async () => {
    for (const [args, pattern] of [
      [['--dta', 'x'], /Unknown option '--dta'/],
      [['--out', 'x'], /--data DIR is required/],
      [['--data', 'x'], /--out DIR is required/],
      [['--data', 'x', '--out', 'y', '--epochs', 'many'], /--epochs must be a number, got "many"/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ] as [string[], RegExp][]) {
      const c = capture();
      expect(await main(args, c.print)).toBe(2);
      c.restore();
      expect(c.err.join('')).toMatch(pattern);
      expect(c.err.join('')).toMatch(/--help/);
    }
  });

  it('reports a bad config value as a usage error naming the field', async () => {
    const c = capture();
    expect(await main(['--data', 'x', '--out', 'y', '--optimizer', 'rmsprop'], c.print)).toBe(2);
    c.restore();
    expect(c.err.join('')).toMatch(/training\.optimizer/);
  });

  it('turns flags into nested config overrides', () => {
    expect(overridesFromFlags({ epochs: '3', layers: '64,32', logq: '0.5' })).toEqual({
      training: { epochs: 3 },
      model: { queryLayers: [64, 32], candidateLayers: [64, 32] },
      loss: { logQCorrection: 0.5 },
    });
  });
});
