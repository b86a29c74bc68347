import { featureLines, historySummary } from './inspect-report';

describe('the history in what training would use', () => {
  it('says which items a history reads and how they are pooled', () => {
    expect(historySummary({ length: 20, dim: 32, recent: true })).toBe("the user's last 20 training items before the query's time (none for a query without a time), mean-pooled, embedded 32 wide");
    expect(historySummary({ length: 50, causal: true, pooling: 'attention', heads: 2 })).toBe("50 of the user's training items (in training, only those before the example's time), attention-pooled (2 heads), embedded 32 wide");
    expect(historySummary({ itemTable: 'shared' })).toBe("50 of the user's training items, mean-pooled, the candidate tower's item-id embeddings");
  });

  it('lists it after the query features, and nothing without one', () => {
    const query = [{ name: 'user_id', kind: 'categorical' as const, source: 'user', embeddingDim: 8 }];
    const lines = featureLines({ query, candidate: [], history: { length: 20, recent: true } }, []);
    expect(lines[1]).toMatch(/^ {2}query {5}history <- user, item, timestamp: the user's last 20/);
    expect(featureLines({ query, candidate: [] }, [])).toHaveLength(1);
  });
});
