import { mulberry32 } from '@twotower/utils';
import { neighbourGenreAgreement } from './genre-agreement';
import { cosineSimilarity } from './item-similarity';

const dim = 8;

/** `perGenre` items per genre, each a small perturbation of its genre's axis. */
function planted(genres: number, perGenre: number, seed = 3): { vectors: Float32Array; labels: string[][] } {
  const rand = mulberry32(seed);
  const n = genres * perGenre;
  const vectors = new Float32Array(n * dim);
  const labels: string[][] = [];
  for (let i = 0; i < n; i++) {
    const g = i % genres;
    vectors[i * dim + g] = 1;
    for (let d = 0; d < dim; d++) vectors[i * dim + d]! += 0.05 * (rand() - 0.5);
    labels.push([`g${g}`]);
  }
  return { vectors, labels };
}

describe('neighbourGenreAgreement', () => {
  it('is 1 when every item’s neighbours are planted in its genre', () => {
    const { vectors, labels } = planted(4, 15);
    const r = neighbourGenreAgreement(cosineSimilarity(vectors, dim), labels, { k: 10 });
    expect(r.agreement).toBe(1);
    expect(r.items).toBe(60);
    expect(r.k).toBe(10);
    // chance: 14 of the 59 other items share the genre.
    expect(r.chance).toBeCloseTo(14 / 59, 12);
  });

  it('is close to chance on random vectors', () => {
    const rand = mulberry32(11);
    const n = 600;
    const vectors = Float32Array.from({ length: n * dim }, () => rand() - 0.5);
    const labels = Array.from({ length: n }, () => {
      const own = [`g${Math.floor(rand() * 5)}`];
      if (rand() < 0.3) own.push(`g${Math.floor(rand() * 5)}`);
      return own;
    });
    const r = neighbourGenreAgreement(cosineSimilarity(vectors, dim), labels, { k: 10 });
    expect(r.chance).toBeGreaterThan(0.2);
    expect(Math.abs(r.agreement - r.chance)).toBeLessThan(0.03);
  });

  it('computes chance exactly from overlapping label sets (numbers accepted as labels)', () => {
    // items: {0}, {0,1}, {1}, {2}, {} ; vectors irrelevant to chance.
    const labels = [[0], [0, 1], [1], [2], []];
    const rand = mulberry32(5);
    const v = Float32Array.from({ length: 5 * dim }, () => rand() - 0.5);
    const r = neighbourGenreAgreement(cosineSimilarity(v, dim), labels, { k: 2 });
    expect(r.items).toBe(4);
    // shares among the 4 other items: item0 → {1}: 1; item1 → {0,2}: 2; item2 → {1}: 1; item3 → none: 0.
    expect(r.chance).toBeCloseTo((1 / 4 + 2 / 4 + 1 / 4 + 0) / 4, 12);
  });

  it('leaves items without a vector out as queries and as neighbours', () => {
    const { vectors, labels } = planted(2, 12);
    vectors.fill(0, 0, dim); // item 0 (genre 0) untrained
    const r = neighbourGenreAgreement(cosineSimilarity(vectors, dim), labels, { k: 5 });
    expect(r.missing).toBe(1);
    expect(r.items).toBe(23);
    expect(r.agreement).toBe(1);
    expect(Number.isNaN(r.chance)).toBe(false);
    expect(r.chance).toBeCloseTo((11 * (10 / 22) + 12 * (11 / 22)) / 23, 12);
  });

  it('refuses labels of the wrong length and a bad k', () => {
    const sim = cosineSimilarity(new Float32Array([1, 0, 0, 1]), 2);
    expect(() => neighbourGenreAgreement(sim, [['a']])).toThrow(/labels/);
    expect(() => neighbourGenreAgreement(sim, [['a'], ['a']], { k: 0 })).toThrow(/k/);
  });
});
