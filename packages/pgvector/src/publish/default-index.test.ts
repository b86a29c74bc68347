import { DEFAULT_PUBLISH_INDEX, defaultPublishIndex, HNSW_BELOW_ROWS } from './default-index';

describe('defaultPublishIndex', () => {
  it('is HNSW (m 16, ef_construction 64) below 100,000 rows and IVFFlat (lists by rows) from there', () => {
    expect(HNSW_BELOW_ROWS).toBe(100_000);
    expect(defaultPublishIndex(0)).toEqual({ kind: 'hnsw', m: 16, efConstruction: 64 });
    expect(defaultPublishIndex(1682)).toBe(DEFAULT_PUBLISH_INDEX);
    expect(defaultPublishIndex(99_999).kind).toBe('hnsw');
    expect(defaultPublishIndex(100_000)).toEqual({ kind: 'ivfflat' });
    expect(defaultPublishIndex(1_000_000)).toEqual({ kind: 'ivfflat' });
  });
});
