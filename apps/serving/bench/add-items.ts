/**
 * Add → searchable: how long after `POST /admin/items` is sent a new item is found, against a
 * real `twotower-serve` on loopback serving a synthetic artifact whose item index is a prebuilt
 * FAISS IVF index (`writeSyntheticArtifact`; the added items go to the server's exact side index).
 *
 * Each round sends one add of one new item, then at once (after its answer):
 * - while the catalogue and the items added before fit in one `exclude` (1,000 ids), `item-items` by catalogue item 0 with every other
 *   catalogue item (and the items added before) excluded: the search's one possible answer is
 *   the new item, so finding it proves a search finds it (time: add sent → this answer);
 * - `item-items` by the new item's id: the item is served, its vector searched against everything
 *   (time: the add's round trip + this query's).
 * Times in ms. JSON on stdout.
 *
 *   pnpm --filter @twotower/serving exec tsx bench/add-items.ts [--items 500] [--rounds 20] [--dir DIR]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArtifact } from '@twotower/artifact';
import { writeSyntheticArtifact } from '@twotower/training/test';
import { readFlags } from './flag-reader';
import { round } from './queries';
import { startServer, stopServer } from './server-process';

const log = (line: string) => process.stderr.write(`[bench:add-items] ${line}\n`);

interface Flags {
  items: number;
  rounds: number;
  /** Where the artifact is written; without it, a temporary folder removed when the bench ends. */
  dir?: string;
}

function parseFlags(argv: string[]): Flags {
  const f: Flags = { items: 500, rounds: 20 };
  readFlags(argv, (flag, value) => {
    if (flag === '--items') f.items = value.number();
    else if (flag === '--rounds') f.rounds = value.number();
    else if (flag === '--dir') f.dir = value.string();
    else return false;
    return true;
  });
  return f;
}

/** The fields of the answers this bench reads. */
interface Answer {
  title?: string;
  items?: Array<{ id: string }>;
}

async function postJson(url: string, body: unknown, token?: string): Promise<{ status: number; body: Answer }> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Answer };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.floor(q * s.length))]!, 2);
};

async function main(argv: string[]): Promise<void> {
  const f = parseFlags(argv);
  // without --dir, the artifact goes in a temporary folder, removed when the bench ends
  const temporary = f.dir ? undefined : mkdtempSync(join(tmpdir(), 'tt-add-items-'));
  try {
    await run(f, temporary ? join(temporary, 'model') : f.dir!);
  } finally {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }
}

async function run({ items, rounds }: Flags, dir: string): Promise<void> {
  const nlist = Math.max(4, Math.min(1024, Math.floor(Math.sqrt(items))));
  log(`writing a synthetic artifact of ${items} items (FAISS IVF${nlist},Flat) into ${dir}`);
  await writeSyntheticArtifact(dir, { items, users: 200, rowsPerUser: 10, itemFactory: `IVF${nlist},Flat`, queryFactory: 'IVF16,Flat', log });
  const catalogue = openArtifact(dir, { verify: false }).readJson<{ ids: string[] }>('items.json').ids;
  const server = await startServer(dir);
  log(`twotower-serve ready at ${server.url} after ${server.startSeconds} s`);
  const summary = (await (await fetch(`${server.url}/v1/model`)).json()) as { summary: { indexes: { items: unknown } } };
  const addMs: number[] = [];
  const byIdMs: number[] = [];
  const foundMs: number[] = [];
  const added: string[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const id = `bench-new-${r}`;
      const t0 = performance.now();
      const add = await postJson(`${server.url}/admin/items`, { items: [{ id, title: `Bench item ${r}` }] }, server.token);
      const t1 = performance.now();
      if (add.status !== 200) throw new Error(`add answered ${add.status}: ${JSON.stringify(add.body)}`);
      if (catalogue.length - 1 + added.length <= 1000) {
        const found = await postJson(`${server.url}/v1/recommend/item-items`, { item: catalogue[0], k: 1, exclude: [...catalogue.slice(1), ...added] });
        const t2 = performance.now();
        if (found.body.items?.[0]?.id !== id) throw new Error(`the search did not find ${id}: ${JSON.stringify(found.body)}`);
        foundMs.push(t2 - t0);
      }
      const t3 = performance.now();
      const byId = await postJson(`${server.url}/v1/recommend/item-items`, { item: id, k: 10 });
      const t4 = performance.now();
      if (byId.status !== 200 || byId.body.title !== `Bench item ${r}`) throw new Error(`item-items by ${id}: ${byId.status} ${JSON.stringify(byId.body)}`);
      addMs.push(t1 - t0);
      byIdMs.push(t1 - t0 + (t4 - t3));
      added.push(id);
    }
  } finally {
    await stopServer(server);
  }
  const stats = (xs: number[]) => (xs.length > 0 ? { p50: quantile(xs, 0.5), p90: quantile(xs, 0.9), max: round(Math.max(...xs), 2) } : null);
  const out = {
    items,
    rounds,
    itemIndex: summary.summary.indexes.items,
    addRoundTripMs: stats(addMs),
    addThenQueryByIdMs: stats(byIdMs),
    addThenFoundBySearchMs: stats(foundMs),
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
