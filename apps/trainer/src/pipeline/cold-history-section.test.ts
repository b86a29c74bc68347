import type { ModelMetrics } from '@twotower/artifact';
import { coldHistorySection } from './cold-history-section';

const itemItem = (answer: 'towers' | 'item-item', weight: number) =>
  ({
    lambda: 500,
    neighbours: 200,
    weight: 1,
    candidates: 100,
    k: 10,
    users: 898,
    choices: [],
    seconds: 1,
    coldHistory: {
      answer,
      weight,
      candidates: 100,
      given: 5,
      k: 10,
      users: 898,
      towers: { recall: 0.02, ndcg: 0.11 },
      choices: [
        { weight: 0, recall: 0.05, ndcg: 0.354 },
        { weight: 0.5, recall: 0.06, ndcg: 0.373 },
      ],
    },
  }) satisfies ModelMetrics['itemItem'];

/** Metrics holding only `itemItem` (the section reads nothing else). */
const metrics = (ii?: ModelMetrics['itemItem']) => (ii ? { itemItem: ii } : {}) as unknown as ModelMetrics;

describe('coldHistorySection', () => {
  it('tables the query tower, popularity alone and the chosen re-ordering, naming the served answer', () => {
    const s = coldHistorySection(metrics(itemItem('item-item', 0.5)))!;
    expect(s).toMatchObject({ kind: 'table', id: 'cold-history' });
    if (s.kind !== 'table') throw new Error('a table');
    expect(s.rows).toEqual([
      ['query tower', 0.02, 0.11],
      ['popularity alone', 0.05, 0.354],
      ['popular items re-ordered by the history (weight 0.5)', 0.06, 0.373],
    ]);
    expect(s.description).toContain('898 validation users');
    expect(s.description).toContain('the 100 most popular items re-ordered by the history (weight 0.5)');
  });

  it('says what a tower without a history answers', () => {
    const s = coldHistorySection(metrics(itemItem('item-item', 0.5)), false)!;
    if (s.kind !== 'table') throw new Error('a table');
    expect(s.rows[0]).toEqual(["query tower (reads no history: the unknown user's list for all)", 0.02, 0.11]);
  });

  it('says the query tower answers when it won, and is absent when nothing was chosen', () => {
    const s = coldHistorySection(metrics(itemItem('towers', 0)))!;
    expect(s.description).toMatch(/best nDCG@10: the query tower\.$/);
    if (s.kind !== 'table') throw new Error('a table');
    expect(s.rows).toHaveLength(2); // weight 0 is popularity alone, not listed twice
    expect(coldHistorySection(metrics())).toBeUndefined();
  });

  it('says which weights longer histories are blended with, each on the users who have that many items', () => {
    const ii = itemItem('item-item', 0.5);
    const withLengths = { ...ii, coldHistory: { ...ii.coldHistory, byLength: [{ from: 20, users: 761, weight: 8, choices: [{ weight: 0.5, recall: 0.04, ndcg: 0.3135 }, { weight: 8, recall: 0.05, ndcg: 0.3417 }] }] } };
    const s = coldHistorySection(metrics(withLengths))!;
    expect(s.description).toContain('Longer histories are blended with weights chosen on the users who have that many items: 20 or more items, weight 8 (chosen on the 761 users with 20: nDCG@10 0.3417, 0.3135 at weight 0.5).');
    if (s.kind !== 'table') throw new Error('a table');
    expect(s.rows).toHaveLength(3); // the rows stay on the same users
    // not when the towers answer
    expect(coldHistorySection(metrics({ ...withLengths, coldHistory: { ...withLengths.coldHistory, answer: 'towers' } }))!.description).not.toContain('Longer');
  });
});
