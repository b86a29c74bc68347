import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { openModelDirectory } from '@twotower/artifact';
import { syntheticDataset } from '@twotower/data';
import { writeMovieLensFixture } from '@twotower/data/test';
import { isSkip, startTestCluster, type TestCluster } from '@twotower/pg-test';
import { main } from '../cli';
import { modelVersion } from '../pipeline/publish-input';
import { train } from './train';

jest.setTimeout(180_000);

let cluster: TestCluster | undefined;
let skip = '';
let model = '';

beforeAll(async () => {
  const started = await startTestCluster();
  if (isSkip(started)) {
    skip = started.skip;
    return;
  }
  cluster = started;
  const root = mkdtempSync(join(tmpdir(), 'tt-publish-'));
  const data = join(root, 'ml');
  await writeMovieLensFixture(data, '100k', { dataset: syntheticDataset({ numUsers: 40, numItems: 25, numInteractions: 800, seed: 3 }) });
  model = join(root, 'model');
  await train({ data, out: model, overrides: {
      training: { epochs: 1 },
      evaluation: { baselines: [] },
      ranking: { enabled: false },
      // one named set of items (a cosine table), the others skipped to keep the test short
      embeddings: { item2vec: { epochs: 1, dim: 8 }, deepwalk: null, text: null, segments: null, compare: false },
    }, quiet: true, print: () => {}, report: false });
});
afterAll(async () => cluster?.stop());

/** Runs the CLI, capturing stdout (print) and stderr. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err.push(String(s));
    return true;
  });
  try {
    const code = await main(args, (l) => out.push(l));
    return { code, out: out.join('\n'), err: err.join('') };
  } finally {
    spy.mockRestore();
  }
}

function withDb(name: string, fn: () => Promise<void>): void {
  it(name, async () => {
    if (!cluster) {
      console.warn(`skipped "${name}": ${skip}`);
      return;
    }
    await fn();
  });
}

describe('twotower-train publish', () => {
  withDb('publishes a trained model directory, lists it, publishes it again as a no-op and refuses to drop it', async () => {
    const url = cluster!.primary;
    const version = modelVersion(model);
    const manifest = openModelDirectory(model).manifest;
    const first = await run(['publish', '--model', model, '--database', url]);
    expect(first.err).toMatch(/^reading .*model\n {2}40 users embedded at their default time\npublishing version [0-9a-f]{16} to postgres:\/\/twotower@127\.0\.0\.1:\d+\/postgres\n/);
    expect(first.err).toMatch(/ {2}items: 25 rows copied \(\d+\.\d s\)\n/);
    expect(first.err).toMatch(/ {2}items: index built \(\d+\.\d s\)/);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(new RegExp(`^published model "default" version ${version} into schema tt_${version} at postgres://twotower@127\\.0\\.0\\.1:\\d+/postgres: now current\\n`));
    expect(first.out).toMatch(/\n {2}items +25 rows {2}\(hnsw m=16 ef_construction=64\)\n {2}catalogue +25 rows\n {2}users +40 rows {2}\(hnsw m=16 ef_construction=64\)\n {2}user_state +40 rows\n/);
    expect(first.out).toMatch(/\n {2}\d+\.\d s$/);

    const db = new Pool({ connectionString: url, max: 1 });
    try {
      const [row] = (await db.query<{ manifest: unknown }>('SELECT manifest FROM twotower.models WHERE version = $1', [version])).rows;
      expect(row!.manifest).toEqual(JSON.parse(JSON.stringify(manifest)));
      const sets = Object.entries(manifest.embeddings ?? {}).filter(([n, e]) => n !== 'candidates' && n !== 'queries' && (e?.of === 'items' || e?.of === 'users'));
      const tables = (await db.query<{ t: string }>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1', [`tt_${version}`])).rows.map((r) => r.t);
      expect(tables.sort()).toEqual(['catalogue', 'items', 'user_state', 'users', ...sets.map(([n]) => `set_${n.replace(/-/g, '_')}`)].sort());
      const [state] = (await db.query<{ n: number }>(`SELECT sum(cardinality(seen))::int AS n FROM tt_${version}.user_state`)).rows;
      expect(state!.n).toBeGreaterThan(0);
    } finally {
      await db.end();
    }

    const again = await run(['publish', '--model', model, '--database', url, '--quiet']);
    expect(again).toMatchObject({ code: 0, err: '' });
    expect(again.out).toMatch(new RegExp(`^model "default" version ${version} was already published \\(schema tt_${version}\\) at .*: it is now current\\n`));

    const list = await run(['publish', '--list', '--database', url]);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(new RegExp(`^ {3}name +version +schema +dim +published at\\n\\* +default +${version} +tt_${version} +\\d+ +\\d{4}-\\d\\d-\\d\\dT`));

    const drop = await run(['publish', '--drop', version, '--database', url]);
    expect(drop.code).toBe(1);
    expect(drop.err).toMatch(new RegExp(`^twotower-train: postgres://twotower@127\\.0\\.0\\.1:\\d+/postgres: version ${version} is the current version of model "default" \\(tt_${version}\\): servers read it\\. Publish another version first`));
  });

  withDb('says how to get pgvector when the extension cannot be created', async () => {
    const admin = new Pool({ connectionString: cluster!.primary, max: 1 });
    try {
      await admin.query('CREATE ROLE plain LOGIN NOSUPERUSER');
      await admin.query('CREATE DATABASE plain_db OWNER plain');
    } finally {
      await admin.end();
    }
    const url = cluster!.primary.replace('twotower@', 'plain:hunter2@').replace(/\/postgres$/, '/plain_db');
    const r = await run(['publish', '--model', model, '--database', url, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^twotower-train: postgres:\/\/plain:\*\*\*@127\.0\.0\.1:\d+\/plain_db: CREATE EXTENSION vector failed: install pgvector on the server or ask your provider to enable it \(permission denied to create extension "vector"\)/);
    expect(r.err).not.toContain('hunter2');
  });

  it('names an unreachable database without its password and says what to do', async () => {
    const r = await run(['publish', '--model', 'models/none', '--database', 'postgres://app:hunter2@127.0.0.1:1/recs', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^twotower-train: cannot reach the database at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/recs \(.*ECONNREFUSED.*\): check that it is running and that the URL's host, port, user and password are right\n$/);
    expect(r.err).not.toContain('hunter2');
    const list = await run(['publish', '--list', '--database', 'postgres://app:hunter2@127.0.0.1:1/recs']);
    expect(list.err).toMatch(/cannot reach the database at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/recs/);
    expect(list.err).not.toContain('hunter2');
  });

  it('refuses a --database that is not a postgres URL, without printing its password', async () => {
    const r = await run(['publish', '--model', 'm', '--database', 'mysql://app:hunter2@db/recs']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('got "mysql://app:***@db/recs"');
    expect(r.err).not.toContain('hunter2');
  });
});
