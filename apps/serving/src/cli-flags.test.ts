import { parseServeFlags, UsageError } from './cli-flags';

describe('parseServeFlags', () => {
  it('reads flags over environment defaults', () => {
    const f = parseServeFlags(['--model', 'models/x', '--port=9000', '--items-index', 'faiss', '--items-factory', 'IVF64,Flat', '--items-params', 'nprobe=4', '--no-request-log', '--cold-start', 'not-found'], { HOST: '0.0.0.0' });
    expect(f).toMatchObject({ model: 'models/x', host: '0.0.0.0', port: 9000, logRequests: false, coldStart: 'not-found', items: { kind: 'faiss', factory: 'IVF64,Flat', searchParams: 'nprobe=4' } });
    expect(parseServeFlags([], { TWOTOWER_MODEL: 'm', PORT: '0' })).toMatchObject({ model: 'm', port: 0, host: '127.0.0.1', logLevel: 'info', shutdownTimeout: 10 });
    expect(parseServeFlags(['--help'], {}).help).toBe(true);
  });

  it.each([
    [[], /--model DIR is required/],
    [['--model'], /--model needs a value/],
    [['--model', 'm', '--port', 'http'], /--port must be an integer >= 0, got "http"/],
    [['--model', 'm', '--port', '70000'], /at most 65535/],
    [['--model', 'm', '--items-index', 'hnsw'], /--items-index must be auto, exact or faiss/],
    [['--model', 'm', '--log-level', 'loud'], /--log-level must be one of/],
    [['--model', 'm', '--frobnicate'], /unknown argument "--frobnicate"/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseServeFlags(argv as string[], {})).toThrow(UsageError);
    expect(() => parseServeFlags(argv as string[], {})).toThrow(message);
  });
});
