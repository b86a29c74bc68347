import { drawSummary, expandDraws, PROXY_SPLIT } from './validation-draws';

describe('expandDraws', () => {
  it('runs every variant once per draw, the draw seed over the variant split', () => {
    const out = expandDraws({ base: {}, wide: { features: { embeddingDim: 64 }, split: { validationFraction: 0.3 } } }, [43, 1001], false);
    expect(Object.keys(out)).toEqual(['base@43', 'base@1001', 'wide@43', 'wide@1001']);
    expect(out['base@43']).toEqual({ variant: 'base', draw: 43, overrides: { split: { validationSeed: 43 } } });
    expect(out['wide@1001']!.overrides).toEqual({ features: { embeddingDim: 64 }, split: { validationFraction: 0.3, validationSeed: 1001 } });
  });

  it('draws from the proxy split with --proxy, a variant split field still winning', () => {
    const out = expandDraws({ base: {}, tenth: { split: { validationFraction: 0.1 } } }, [7], true);
    expect(out['base@7']!.overrides.split).toEqual({ ...PROXY_SPLIT, validationSeed: 7 });
    expect(out['tenth@7']!.overrides.split).toEqual({ validationFraction: 0.1, validationUsers: 0.2, validationSeed: 7 });
  });

  it('refuses no draws', () => {
    expect(() => expandDraws({ base: {} }, [], false)).toThrow(/at least one draw/);
  });
});

describe('drawSummary', () => {
  it('gives each variant its per-draw differences and their mean and standard error', () => {
    const ease = (ndcg: number) => ({ recall: 0.2, ndcg });
    const s = drawSummary([
      { variant: 'a', draw: 1, towers: { recall: 0.21, ndcg: 0.31 }, ease: ease(0.3) },
      { variant: 'b', draw: 1, towers: { recall: 0.2, ndcg: 0.3 }, ease: ease(0.3) },
      { variant: 'a', draw: 2, towers: { recall: 0.23, ndcg: 0.29 }, ease: ease(0.3) },
    ]);
    expect(s.map((x) => x.variant)).toEqual(['a', 'b']);
    expect(s[0]!.draws).toEqual([1, 2]);
    expect(s[0]!['ndcg@10'].perDraw).toEqual([0.01, -0.01]);
    expect(s[0]!['ndcg@10'].mean).toBeCloseTo(0, 10);
    // two values ±0.01: standard deviation √(0.0002), over √2 draws
    expect(s[0]!['ndcg@10'].se).toBeCloseTo(0.01, 4);
    expect(s[0]!['recall@10'].mean).toBeCloseTo(0.02, 10);
    expect(s[1]!['ndcg@10']).toEqual({ perDraw: [0], mean: 0, se: 0 });
  });
});
