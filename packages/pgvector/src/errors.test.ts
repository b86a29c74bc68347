import { isTimeout, isUnavailable, PgVectorError } from './errors';
import { createPool, hasSessionDefaults, sessionOptions } from './pool';
import { redactUrl } from './redact-url';

describe('isUnavailable / isTimeout', () => {
  it.each([
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    [Object.assign(new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })], 'all failed'), {})],
    [new Error('Connection terminated unexpectedly')],
    [new Error('Connection terminated due to connection timeout')],
    [new Error('timeout exceeded when trying to connect')],
    [Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    [Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    [Object.assign(new Error('sorry, too many clients already'), { code: '53300' })],
    [Object.assign(new Error('connection failure'), { code: '08006' })],
  ])('%p is unavailable', (e) => {
    expect(isUnavailable(e)).toBe(true);
    expect(isTimeout(e)).toBe(false);
  });

  it('a statement timeout is a timeout; SQL errors and non-errors are neither', () => {
    const timeout = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    expect([isTimeout(timeout), isUnavailable(timeout)]).toEqual([true, false]);
    expect(isTimeout(new Error('Query read timeout'))).toBe(true);
    for (const e of [Object.assign(new Error('syntax error'), { code: '42601' }), new PgVectorError('BAD_OPTIONS', 'x'), null, 'ECONNREFUSED', 3]) {
      expect([isTimeout(e), isUnavailable(e)]).toEqual([false, false]);
    }
  });
});

describe('redactUrl', () => {
  it('hides passwords and keeps the rest', () => {
    expect(redactUrl('postgres://app:s3cret@db.example:5432/prod?sslmode=require')).toBe('postgres://app:***@db.example:5432/prod?sslmode=require');
    expect(redactUrl('postgres://app@db/prod')).toBe('postgres://app@db/prod');
    expect(redactUrl('postgresql://db/prod?password=x&sslmode=require')).toBe('postgresql://db/prod?password=***&sslmode=require');
    expect(redactUrl('not a url://u:p@h')).toBe('not a url://u:***@h');
  });
});

describe('createPool', () => {
  it('sends the session defaults and checks its options', async () => {
    expect(sessionOptions()).toBe('-c hnsw.iterative_scan=strict_order -c ivfflat.iterative_scan=relaxed_order -c hnsw.ef_search=100 -c ivfflat.probes=10');
    expect(sessionOptions({ preferIndex: true })).toBe('-c hnsw.iterative_scan=strict_order -c ivfflat.iterative_scan=relaxed_order -c hnsw.ef_search=100 -c ivfflat.probes=10 -c enable_seqscan=off');
    const pool = createPool('postgres://u@127.0.0.1:1/db', { search: { efSearch: 64, probes: 3 } });
    expect(hasSessionDefaults(pool)).toBe(true);
    expect((pool.options as { options?: string }).options).toContain('hnsw.ef_search=64');
    await pool.end();
    expect(() => createPool('postgres://u@h/db', { max: 0 })).toThrow(/max must be an integer >= 1, got 0/);
    expect(() => createPool('postgres://u@h/db', { search: { efSearch: 1.5 } })).toThrow(/search.efSearch/);
    expect(() => createPool('')).toThrow(PgVectorError);
  });
});
