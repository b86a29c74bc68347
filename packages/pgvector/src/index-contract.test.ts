import { asyncIndex, BruteForceIndex, FaissIndex, faissStatus, type Metric } from '@twotower/index';
import type { Pool } from 'pg';
import { indexContract } from './index-contract';
import { PgVectorIndex } from './pg-vector-index';
import type { PgIndexSpec } from './index-spec';
import { freshTable, PG, testPool } from './test-utils';

indexContract({
  name: 'asyncIndex(BruteForceIndex)',
  create: async (dim: number, metric: Metric) => asyncIndex(new BruteForceIndex({ dim, metric })),
  accuracy: 'exact',
});

const faiss = faissStatus();
indexContract({
  name: "asyncIndex(FaissIndex 'Flat')",
  ...(faiss.available ? {} : { skip: faiss.reason ?? 'faiss-node is unavailable' }),
  create: async (dim, metric) => asyncIndex(new FaissIndex({ dim, metric, factory: 'Flat' })),
  accuracy: 'exact',
});
indexContract({
  name: "asyncIndex(FaissIndex 'HNSW16')",
  ...(faiss.available ? {} : { skip: faiss.reason ?? 'faiss-node is unavailable' }),
  create: async (dim, metric) => asyncIndex(new FaissIndex({ dim, metric, factory: 'HNSW16', buildParams: { efConstruction: 64 }, searchParams: { efSearch: 64 } })),
  accuracy: 0.9,
  params: { narrow: { efSearch: 10 }, wide: { efSearch: 200 } },
});

function pgTarget(name: string, spec: PgIndexSpec, accuracy: 'exact' | number, params?: { narrow: Record<string, number>; wide: Record<string, number> }): void {
  let pool: Pool | undefined;
  indexContract({
    name: `PgVectorIndex ${name}`,
    ...(PG.skip ? { skip: PG.skip } : {}),
    create: async (dim, metric) => PgVectorIndex.create((pool ??= testPool()), { table: freshTable(`contract_${spec.kind}`), dim, metric, index: spec }),
    build: (index) => (index as PgVectorIndex).buildIndex(),
    accuracy,
    ...(params ? { params } : {}),
    teardown: async () => pool?.end(),
  });
}

pgTarget('exact', { kind: 'exact' }, 'exact');
pgTarget('HNSW (m 16, ef_construction 64)', { kind: 'hnsw' }, 0.9, { narrow: { efSearch: 10 }, wide: { efSearch: 200 } });
pgTarget('IVFFlat (16 lists)', { kind: 'ivfflat', lists: 16 }, 0.9, { narrow: { probes: 1 }, wide: { probes: 16 } });
