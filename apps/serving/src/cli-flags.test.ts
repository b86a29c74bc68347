import { parseServeFlags, UsageError } from './cli-flags';

describe('parseServeFlags', () => {
  it('reads the database flags (flag over TWOTOWER_DATABASE_URL / TWOTOWER_READ_DATABASE_URL) and refuses what cannot work', () => {
    const f = parseServeFlags(['--model', 'm', '--database', 'postgres://a:b@h:5432/db', '--read-database', 'postgresql://r@h2/db', '--database-name', 'shop', '--database-timeout', '250', '--database-pool', '4'], {});
    expect(f).toMatchObject({ database: 'postgres://a:b@h:5432/db', readDatabase: 'postgresql://r@h2/db', databaseName: 'shop', databaseTimeout: 250, databasePool: 4 });
    expect(parseServeFlags(['--model', 'm'], { TWOTOWER_DATABASE_URL: 'postgres://e@h/db', TWOTOWER_READ_DATABASE_URL: 'postgres://r@h/db' })).toMatchObject({ database: 'postgres://e@h/db', readDatabase: 'postgres://r@h/db' });
    expect(parseServeFlags(['--model', 'm', '--database', 'postgres://f@h/db'], { TWOTOWER_DATABASE_URL: 'postgres://e@h/db' }).database).toBe('postgres://f@h/db');
    expect(parseServeFlags(['--model', 'm'], {}).database).toBeUndefined();
    expect(() => parseServeFlags(['--model', 'm', '--database', 'mysql://x@h/db'], {})).toThrow(/--database must be a PostgreSQL URL/);
    expect(() => parseServeFlags(['--model', 'm', '--read-database', 'postgres://r@h/db'], {})).toThrow(/--read-database needs --database/);
    expect(() => parseServeFlags(['--model', 'm', '--database-name', 'x'], {})).toThrow(/--database-name needs --database/);
    expect(() => parseServeFlags(['--model', 'm', '--database', 'postgres://x@h/db', '--database-timeout', '0'], {})).toThrow(/--database-timeout must be an integer >= 1/);
  });

  it('reads flags over environment defaults', () => {
    const f = parseServeFlags(['--model', 'models/x', '--port=9000', '--items-index', 'faiss', '--items-factory', 'IVF64,Flat', '--items-params', 'nprobe=4', '--no-request-log', '--cold-start', 'not-found'], { HOST: '0.0.0.0' });
    expect(f).toMatchObject({ model: 'models/x', host: '0.0.0.0', port: 9000, logRequests: false, coldStart: 'not-found', items: { kind: 'faiss', factory: 'IVF64,Flat', searchParams: 'nprobe=4' } });
    expect(parseServeFlags(['--model', 'm', '--users-index', 'faiss', '--users-factory', 'IVF16,Flat', '--users-params', 'nprobe=2'], {}).users).toEqual({ kind: 'faiss', factory: 'IVF16,Flat', searchParams: 'nprobe=2' });
    expect(() => parseServeFlags(['--model', 'm', '--users-index', 'fast'], {})).toThrow(/--users-index/);
    expect(parseServeFlags([], { TWOTOWER_MODEL: 'm', PORT: '0' })).toMatchObject({ model: 'm', port: 0, host: '127.0.0.1', logLevel: 'info', shutdownTimeout: 10 });
    expect(parseServeFlags(['--help'], {}).help).toBe(true);
    expect(parseServeFlags(['-h'], {}).help).toBe(true);
    // a flag wins over the environment; the index policies hold only what was given
    expect(parseServeFlags(['--model', 'x', '--host', 'h', '--port', '1', '--queries-index', 'exact', '--max-k', '7', '--max-batch', '3', '--body-limit', '2048', '--shutdown-timeout', '0', '--log-level', 'warn'], { TWOTOWER_MODEL: 'm', HOST: 'e', PORT: '2' })).toEqual({
      model: 'x',
      host: 'h',
      port: 1,
      logLevel: 'warn',
      logRequests: true,
      items: {},
      queries: { kind: 'exact' },
      users: {},
      maxK: 7,
      maxBatch: 3,
      bodyLimit: 2048,
      shutdownTimeout: 0,
      drainSeconds: 5,
      requestTimeout: 10,
      keepAliveTimeout: 72,
      maxConnections: 1000,
      corsOrigins: [],
      help: false,
    });
  });

  it('reads the connection limits, the drain and the CORS origins (flag over TWOTOWER_CORS_ORIGINS)', () => {
    const f = parseServeFlags(
      ['--model', 'm', '--drain-seconds', '0.5', '--request-timeout', '2.5', '--keep-alive-timeout', '30', '--max-connections', '0', '--cors-origin', 'https://a.example', '--cors-origin', 'https://b.example:8443,http://c.example'],
      {},
    );
    expect(f).toMatchObject({ drainSeconds: 0.5, requestTimeout: 2.5, keepAliveTimeout: 30, maxConnections: 0, corsOrigins: ['https://a.example', 'https://b.example:8443', 'http://c.example'] });
    expect(parseServeFlags(['--model', 'm'], { TWOTOWER_CORS_ORIGINS: 'https://x.example, *' }).corsOrigins).toEqual(['https://x.example', '*']);
    expect(parseServeFlags(['--model', 'm', '--cors-origin', 'https://a.example'], { TWOTOWER_CORS_ORIGINS: 'https://x.example' }).corsOrigins).toEqual(['https://a.example']);
  });

  it.each<[string[], RegExp, NodeJS.ProcessEnv?]>([
    [[], /--model <dir> is required/],
    [['--model'], /option '--model <dir>' argument missing/],
    [['--model', 'm', '--port', 'http'], /--port must be an integer >= 0, got "http"/],
    [['--model', 'm', '--port', '70000'], /at most 65535/],
    [['--model', 'm', '--items-index', 'hnsw'], /'hnsw' is invalid. Allowed choices are auto, exact, faiss/],
    [['--model', 'm', '--log-level', 'loud'], /'loud' is invalid. Allowed choices are fatal, error, warn, info, debug, trace, silent/],
    [['--model', 'm', '--frobnicate'], /unknown option '--frobnicate'/],
    [['--model', 'm', '--max-bach', '8'], /unknown option '--max-bach'\n\(Did you mean --max-batch\?\)/],
    [['--model', 'm', 'extra'], /too many arguments/],
    [['--model', 'm'], /PORT must be an integer >= 0, got "x"/, { PORT: 'x' }],
    [['--model', 'm', '--request-timeout', 'soon'], /--request-timeout must be a number of seconds >= 0, got "soon"/],
    [['--model', 'm', '--drain-seconds', '-1'], /--drain-seconds must be a number of seconds >= 0/],
    [['--model', 'm', '--max-connections', '1.5'], /--max-connections must be an integer >= 0/],
    [['--model', 'm', '--cors-origin', 'https://a.example/path'], /--cors-origin must be an origin such as https:\/\/shop.example/],
    [['--model', 'm'], /TWOTOWER_CORS_ORIGINS: --cors-origin must be an origin/, { TWOTOWER_CORS_ORIGINS: 'shop.example' }],
  ])('%j is a usage error', (argv, message, env = {}) => {
    expect(() => parseServeFlags(argv, env)).toThrow(UsageError);
    expect(() => parseServeFlags(argv, env)).toThrow(message);
  });
});
