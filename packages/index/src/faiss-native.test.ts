type Native = typeof import('./faiss-native');

/** faiss-native loaded afresh with `@twotower/faiss-node` and `faiss-node` as given (a factory that throws = absent). */
function loadWith(own: (() => unknown) | undefined, upstream: (() => unknown) | undefined): Native {
  let native: Native | undefined;
  jest.isolateModules(() => {
    if (own) jest.doMock('@twotower/faiss-node', own);
    jest.doMock('faiss-node', upstream ?? notFound('faiss-node'), { virtual: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    native = require('./faiss-native') as Native;
  });
  return native!;
}

function notFound(name: string): () => never {
  return () => {
    throw Object.assign(new Error(`Cannot find module '${name}'\nRequire stack: ...`), { code: 'MODULE_NOT_FOUND' });
  };
}

const notBuilt = (): never => {
  throw Object.assign(new Error('@twotower/faiss-node was not built: ...'), { code: 'FAISS_BINDING_NOT_BUILT', reason: 'FAISS was not found (no include/faiss/Index.h with a libfaiss under /usr)' });
};

/** Upstream faiss-node's shape: an Index class without setSearchParameters. */
const upstream = (): unknown => {
  class Index {}
  return { Index };
};

describe('loading FAISS', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    delete process.env.TWOTOWER_DISABLE_FAISS;
  });
  afterEach(() => warn.mockRestore());

  it('without a built @twotower/faiss-node or faiss-node: unavailable, saying why, what is missing and what to install', () => {
    const status = loadWith(notBuilt, undefined).faissStatus();
    expect(status.available).toBe(false);
    expect(status.reason).toMatch(/^FAISS is unavailable: @twotower\/faiss-node was not built at install \(FAISS was not found \(no include\/faiss\/Index\.h/);
    expect(status.reason).toMatch(/nprobe \/ efSearch per call, typed arrays\), only the exact index/);
    expect(status.reason).toMatch(/apt-get install libfaiss-dev .*then npm rebuild @twotower\/faiss-node/);
    expect(loadWith(notFound('@twotower/faiss-node'), undefined).faissStatus().reason).toMatch(/^FAISS is unavailable: @twotower\/faiss-node is not installed\./);
    expect(warn).not.toHaveBeenCalled(); // the exact index's fallback warns, once, when it is used
  });

  it('falls back to upstream faiss-node with one warning naming what it lacks', () => {
    const native = loadWith(notBuilt, upstream);
    expect(native.faissStatus()).toEqual({ available: true, patched: false, source: 'faiss-node' });
    native.faissStatus();
    expect(warn).toHaveBeenCalledTimes(1);
    const [message, options] = warn.mock.calls[0]!;
    expect(options).toEqual({ code: 'TWOTOWER_FAISS_UNPATCHED' });
    expect(message).toMatch(/^FAISS comes from upstream faiss-node because @twotower\/faiss-node was not built at install/);
    expect(message).toMatch(/no search parameters \(nprobe, efSearch.*no typed-array input.*npm rebuild @twotower\/faiss-node/);
  });

  it('prefers @twotower/faiss-node over faiss-node', () => {
    const own = (): unknown => ({ Index: class {}, marker: 'own' });
    const native = loadWith(own, upstream);
    expect(native.faissStatus()).toEqual({ available: true, patched: true, source: '@twotower/faiss-node' });
    expect((native.faissBinding()!.module as unknown as { marker: string }).marker).toBe('own');
    expect(warn).not.toHaveBeenCalled();
  });
});
