import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '@twotower/runtime';
import { TwoTowerModel, type TwoTowerConfig } from './two-tower-model';

// a query tower reading a history of candidate items (width 3, 0 pads) from the candidate tower's item table
const config = (shared: boolean): TwoTowerConfig => ({
  query: {
    inputs: [
      { name: 'user', kind: 'embedding', vocabularySize: 10, dim: 4 },
      { name: 'hist', kind: 'embedding', vocabularySize: 12, dim: 4, width: 3, ...(shared ? { sharedTable: 'item' } : {}) },
    ],
    layers: [4],
  },
  candidate: { inputs: [{ name: 'item', kind: 'embedding', vocabularySize: 12, dim: 4 }], layers: [4] },
  optimizer: { name: 'sgd', learningRate: 0.5 },
  seed: 2,
});
const batch = {
  q: { user: Int32Array.of(1, 2, 3, 4), hist: Int32Array.of(5, 6, 0, 7, 0, 0, 5, 8, 9, 0, 0, 0) },
  c: { item: Int32Array.of(5, 7, 8, 10) },
};

describe('a table shared between the towers (sharedTable)', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('is the candidate table itself, and one step adds both towers\' gradients (SGD: the sum of separate tables\' updates)', () => {
    const shared = new TwoTowerModel(config(true));
    expect(shared.query.inputs.tables.get('hist')).toBe(shared.candidate.inputs.tables.get('item'));
    expect(shared.query.inputs.borrowed.has('hist')).toBe(true);
    // the same model with two tables starting equal: same forward, so the same gradients
    const separate = new TwoTowerModel(config(false));
    const item0 = separate.candidate.inputs.tables.get('item')!.weights.slice();
    separate.query.inputs.tables.get('hist')!.weights.set(item0);
    expect(Array.from(shared.candidate.inputs.tables.get('item')!.weights)).toEqual(Array.from(item0));
    const l1 = shared.trainStep(batch.q, 4, batch.c, 4, { reduction: 'sum' });
    const l2 = separate.trainStep(batch.q, 4, batch.c, 4, { reduction: 'sum' });
    expect(l1).toBeCloseTo(l2, 5);
    const after = shared.candidate.inputs.tables.get('item')!.weights;
    const viaCandidate = separate.candidate.inputs.tables.get('item')!.weights;
    const viaQuery = separate.query.inputs.tables.get('hist')!.weights;
    let moved = 0;
    for (let k = 0; k < after.length; k++) {
      const expected = item0[k]! + (viaCandidate[k]! - item0[k]!) + (viaQuery[k]! - item0[k]!);
      expect(after[k]).toBeCloseTo(expected, 5);
      if (Math.abs(viaQuery[k]! - item0[k]!) > 1e-6 && Math.abs(viaCandidate[k]! - item0[k]!) > 1e-6) moved++;
    }
    // rows 5, 7 and 8 are both history items and candidates: both gradients reached them
    expect(moved).toBeGreaterThan(0);
    shared.dispose();
    separate.dispose();
  });

  it('is saved once, under the owner, and loads back', async () => {
    const m = new TwoTowerModel(config(true));
    m.trainStep(batch.q, 4, batch.c, 4);
    const dir = mkdtempSync(join(tmpdir(), 'tt-shared-'));
    await m.saveWeights(dir);
    const names = (JSON.parse(readFileSync(join(dir, 'two-tower.json'), 'utf8')) as { entries: { name: string }[] }).entries.map((e) => e.name);
    expect(names).toContain('candidate/item/embeddings');
    expect(names.some((n) => n.startsWith('query/hist'))).toBe(false);
    const back = new TwoTowerModel(config(true));
    await back.loadWeights(dir);
    expect(Array.from(back.query.inputs.tables.get('hist')!.weights)).toEqual(Array.from(m.candidate.inputs.tables.get('item')!.weights));
    expect(Array.from(back.embedQueries(batch.q, 4))).toEqual(Array.from(m.embedQueries(batch.q, 4)));
    m.dispose();
    back.dispose();
  });

  it('names the input and the table when the shared table is missing or of another size', () => {
    const bad = config(true);
    (bad.query.inputs[1] as { sharedTable: string }).sharedTable = 'movie';
    expect(() => new TwoTowerModel(bad)).toThrow(/tower input "hist": sharedTable "movie" is not an input of the other tower \(have: item\)/);
    const wide = config(true);
    (wide.query.inputs[1] as { dim: number }).dim = 8;
    expect(() => new TwoTowerModel(wide)).toThrow(/tower input "hist": its table \[12 × 8\] must be the shared table "item"'s \[12 × 4\]/);
  });
});
