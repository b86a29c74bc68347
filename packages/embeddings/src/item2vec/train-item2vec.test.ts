import { cosineNeighbours } from './nearest-neighbours';
import { ownGroupShare, plantedLog } from './test-utils';
import { trainItem2Vec } from './train-item2vec';

describe('trainItem2Vec', () => {
  it("puts each item's nearest neighbours in its own planted group", async () => {
    const log = plantedLog();
    const r = await trainItem2Vec(log, { numItems: 50, dim: 16, epochs: 10, threads: 1 });
    expect(r.vectors.length).toBe(50 * 16);
    expect(r.trained.every((t) => t === 1)).toBe(true);
    const nn = cosineNeighbours(r.vectors, r.dim, 5);
    expect(ownGroupShare(nn, 5, log.groupOf)).toBeGreaterThanOrEqual(0.95);
  });
});

describe('cosineNeighbours', () => {
  it('ranks by cosine, skips the row itself and zero rows', () => {
    const v = Float32Array.from([1, 0, 2, 0.1, 0, 0, -1, 0, 0, 3]);
    expect(Array.from(cosineNeighbours(v, 2, 2))).toEqual([1, 4, 0, 4, -1, -1, 4, 1, 1, 0]);
  });
});
