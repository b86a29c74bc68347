import { faissStatus } from '@twotower/index';
import { embedNewItems } from '@twotower/recommender';
import { searchItems } from '../recommend/search-items';
import { dots, modelA, topK } from '../test/fixtures';
import { AddedItems } from './added-items';
import { loadServingModel, type ServingModel } from './serving-model';

jest.setTimeout(60_000);

describe('AddedItems', () => {
  it('keeps ids, titles and vectors, searches them exactly, leaves out what is excluded', () => {
    const added = new AddedItems(2);
    expect(added.search(Float32Array.from([1, 0]), 3).rows).toHaveLength(0);
    added.add(['a', 'b'], ['A', 'B'], Float32Array.from([1, 0, 0, 1]));
    added.add(['c'], ['C'], Float32Array.from([0.5, 0.5]));
    expect([added.size, added.row('c'), added.row('zz'), added.titles[1]]).toEqual([3, 2, -1, 'B']);
    expect(Array.from(added.vector(1))).toEqual([0, 1]);
    const hits = added.search(Float32Array.from([2, 1]), 2);
    expect(Array.from(hits.rows)).toEqual([0, 2]);
    expect(Array.from(hits.scores)).toEqual([2, 1.5]);
    expect(Array.from(added.search(Float32Array.from([2, 1]), 5, ['a', 'unknown']).rows)).toEqual([2, 1]);
  });

  it('refuses an id added before, and sizes that do not agree, adding nothing', () => {
    const added = new AddedItems(2);
    added.add(['a'], ['A'], Float32Array.from([1, 0]));
    expect(() => added.add(['b', 'a'], ['B', 'A'], Float32Array.from([0, 1, 1, 1]))).toThrow(/a/);
    expect(() => added.add(['b'], ['B', 'x'], Float32Array.from([0, 1]))).toThrow(/1 ids, 2 titles and 1 vectors of width 2/);
    expect([added.size, added.row('b')]).toEqual([1, -1]);
  });
});

describe('searchItems over a model and its added items', () => {
  const newItems = [
    // words of the fixture's titles (all-new words would read the same OOV token: tied scores)
    { id: 'new-1', title: 'The Wedding Party (2026)', genres: ['Comedy'] },
    { id: 'new-2', title: 'Blood Shadows (2026)', genres: ['Horror'] },
    { id: 'new-3', title: 'Last Mission (2026)' },
  ];

  /** Brute force over the catalogue's and the added items' vectors: ids of the top k outside `skip`. */
  function bruteForce(model: ServingModel, query: Float32Array, k: number, skip: Set<string>): string[] {
    const rec = model.recommender;
    const ids = [...rec.catalogue.ids, ...model.added.ids];
    const vectors = new Float32Array(ids.length * model.dim);
    vectors.set(model.itemVectors);
    model.added.ids.forEach((_, r) => vectors.set(model.added.vector(r), (rec.numItems + r) * model.dim));
    return topK(dots(query, vectors, model.dim), k, (i) => skip.has(ids[i]!)).map((i) => ids[i]!);
  }

  async function check(model: ServingModel): Promise<void> {
    const rec = model.recommender;
    model.added.add(newItems.map((x) => x.id), newItems.map((x) => x.title), embedNewItems(rec, newItems));
    for (const u of [0, 7, 21]) {
      const q = model.userVector(u);
      const skip = [rec.catalogue.ids[3]!, 'new-2'];
      const found = searchItems(model, q, 12, skip);
      expect(found.items.map((h) => h.id)).toEqual(bruteForce(model, q, 12, new Set(skip)));
      found.items.forEach((h, r) => expect(found.indices[r]).toBe(rec.itemIndex(h.id)));
      expect(searchItems(model, q, 50, []).items.map((h) => h.id)).toEqual(expect.arrayContaining(['new-1', 'new-2', 'new-3']));
      expect(searchItems(model, q, 50, [], { added: false }).items.map((h) => h.id)).not.toContain('new-1');
    }
  }

  it('merges the exact item index with the added items by score: the exact top k of both', async () => {
    const model = await loadServingModel(modelA());
    try {
      expect(model.itemIndex.kind).toBe('exact');
      await check(model);
    } finally {
      model.dispose();
    }
  });

  it('merges a FAISS item index the same way (the FAISS index itself is left as it was)', async () => {
    if (!faissStatus().available) {
      console.warn(`FAISS unavailable (${faissStatus().reason}): skipping`);
      return;
    }
    const model = await loadServingModel(modelA(), { items: { kind: 'faiss', factory: 'Flat' } });
    try {
      expect(model.itemIndex.kind).toBe('faiss');
      await check(model);
      expect(model.itemIndex.size).toBe(model.recommender.numItems);
    } finally {
      model.dispose();
    }
  });
});
