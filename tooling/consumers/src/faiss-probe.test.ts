import { FAISS_PROBE, judgeFaissProbe, usesFaiss } from './faiss-probe';

const line = (o: object): string => `some example output\n${JSON.stringify({ warnings: [], ...o })}\n`;
const HELP = 'For FAISS: install ... (Debian/Ubuntu: apt-get install libfaiss-dev libopenblas-dev g++ make python3), then npm rebuild @twotower/faiss-node';

describe('the FAISS check of the consumer test', () => {
  it('runs for packages that depend on @twotower/faiss-node', () => {
    expect(usesFaiss({ optionalDependencies: { '@twotower/faiss-node': '^0.1.0' } })).toBe(true);
    expect(usesFaiss({ dependencies: { '@twotower/utils': '^0.1.0' }, devDependencies: { '@twotower/faiss-node': '*' } })).toBe(false);
    expect(FAISS_PROBE).toContain("require('@twotower/index')");
  });

  it('passes the patched binding when nprobe is honoured, and fails it when not', () => {
    const status = { available: true, patched: true, source: '@twotower/faiss-node' };
    expect(judgeFaissProbe(line({ status, kind: 'faiss', recallNprobe1: 0.412, recallNprobe64: 1 }))).toEqual({
      status: 'ok',
      detail: '@twotower/faiss-node loaded, nprobe honoured: IVF64 recall@10 nprobe 1 0.412, nprobe 64 1.000',
    });
    expect(judgeFaissProbe(line({ status, kind: 'faiss', recallNprobe1: 0.412, recallNprobe64: 0.412 })).status).toBe('fail');
    expect(judgeFaissProbe(line({ status, error: 'nprobe refused' })).status).toBe('fail');
  });

  it('passes a missing FAISS only with exactly one message naming the capability and what to install', () => {
    const status = { available: false, reason: 'x' };
    const unavailable = { code: 'TWOTOWER_FAISS_UNAVAILABLE', message: `FAISS is unavailable: ... (IVF, HNSW, PQ with nprobe / efSearch per call, typed arrays). ${HELP}.` };
    expect(judgeFaissProbe(line({ status, kind: 'exact', recallNprobe1: 1, recallNprobe64: 1, warnings: [unavailable] }))).toEqual({
      status: 'ok',
      detail: `FAISS unavailable, exact index used; one message: ${unavailable.message}`,
    });
    expect(judgeFaissProbe(line({ status, kind: 'exact', warnings: [] })).status).toBe('fail');
    expect(judgeFaissProbe(line({ status, kind: 'exact', warnings: [unavailable, unavailable] })).status).toBe('fail');
    expect(judgeFaissProbe(line({ status, kind: 'exact', warnings: [{ code: 'TWOTOWER_FAISS_UNAVAILABLE', message: 'faiss-node could not be loaded' }] })).status).toBe('fail');
  });

  it('passes upstream faiss-node when its one warning and the refusal say what is missing', () => {
    const status = { available: true, patched: false, source: 'faiss-node' };
    const warning = { code: 'TWOTOWER_FAISS_UNPATCHED', message: `upstream faiss-node has no search parameters (nprobe, efSearch ...). ${HELP}.` };
    expect(judgeFaissProbe(line({ status, error: `searchParams need @twotower/faiss-node ... nprobe ... ${HELP}`, warnings: [warning] })).status).toBe('ok');
    expect(judgeFaissProbe('no json').status).toBe('fail');
  });
});
