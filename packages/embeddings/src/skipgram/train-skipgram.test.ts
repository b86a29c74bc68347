import type { Corpus } from '../corpus';
import { SkipGramInputError } from './errors';
import { trainSkipGram } from './train-skipgram';

/** 60 sequences of 8 tokens, each from one of four groups of 6 (tokens 0..23); token 24 seen once, 25 never. */
function corpus(): Corpus {
  const tokens: number[] = [];
  const offsets = [0];
  let x = 7;
  for (let s = 0; s < 60; s++) {
    const group = s % 4;
    for (let i = 0; i < 8; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      tokens.push(group * 6 + ((x >>> 8) % 6));
    }
    offsets.push(tokens.length);
  }
  tokens.push(24);
  offsets.push(tokens.length);
  return { tokens: Int32Array.from(tokens), offsets: Int32Array.from(offsets), vocabulary: 26 };
}

describe('trainSkipGram', () => {
  it('is deterministic for a seed with one thread, and the loss falls', async () => {
    const epochs: number[] = [];
    const a = await trainSkipGram(corpus(), { threads: 1, dim: 8, epochs: 4, seed: 3, subsample: 0, onEpoch: (r) => epochs.push(r.epoch) });
    const b = await trainSkipGram(corpus(), { threads: 1, dim: 8, epochs: 4, seed: 3, subsample: 0 });
    const c = await trainSkipGram(corpus(), { threads: 1, dim: 8, epochs: 4, seed: 4, subsample: 0 });
    expect(Array.from(a.vectors)).toEqual(Array.from(b.vectors));
    expect(Array.from(a.vectors)).not.toEqual(Array.from(c.vectors));
    expect(epochs).toEqual([0, 1, 2, 3]);
    expect(a.lossCurve.map((l) => l.epoch)).toEqual([0, 1, 2, 3]);
    expect(a.lossCurve[3]!.loss).toBeLessThan(a.lossCurve[0]!.loss);
    expect(a.vectors.length).toBe(26 * 8);
    expect(a.tokensPerSecond).toBeGreaterThan(0);
  });

  it('flags tokens under minCount and leaves their vectors at zero', async () => {
    const r = await trainSkipGram(corpus(), { threads: 1, dim: 4, epochs: 1, minCount: 2 });
    expect(r.counts[24]).toBe(1);
    expect(r.counts[25]).toBe(0);
    expect(r.trained[24]).toBe(0);
    expect(r.trained[25]).toBe(0);
    expect(r.trained[0]).toBe(1);
    expect(Array.from(r.vectors.subarray(24 * 4))).toEqual(new Array(8).fill(0));
  });

  it('trains on the JavaScript loops when dim is not a multiple of 4', async () => {
    const r = await trainSkipGram(corpus(), { threads: 1, dim: 5, epochs: 3, subsample: 0 });
    expect(r.vectors.every(Number.isFinite)).toBe(true);
    expect(r.lossCurve[2]!.loss).toBeLessThan(r.lossCurve[0]!.loss);
  });

  it('reports progress up to the total', async () => {
    const calls: [number, number][] = [];
    await trainSkipGram(corpus(), { threads: 1, dim: 4, epochs: 2, onProgress: (d, t) => calls.push([d, t]) });
    expect(calls[calls.length - 1]).toEqual([2 * 481, 2 * 481]);
  });

  it('names the field at fault', async () => {
    const bad = corpus();
    bad.tokens[5] = 99;
    await expect(trainSkipGram(bad, { threads: 1 })).rejects.toThrow('corpus.tokens[5]: token 99 is outside [0, 26)');
    await expect(trainSkipGram(corpus(), { dim: 0 })).rejects.toThrow(SkipGramInputError);
    await expect(trainSkipGram(corpus(), { window: 1.5 })).rejects.toThrow('options.window');
    await expect(trainSkipGram({ ...corpus(), offsets: Int32Array.from([0, 3]) })).rejects.toThrow('corpus.offsets');
  });
});
