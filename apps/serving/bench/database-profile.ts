/** Where the database time of a served request goes (`bench:serving-db`'s profile): statements timed one request at a time, with their plans. */
import { createPool, PgVectorIndex } from '@twotower/pgvector';
import { procTicks, TICK } from './database-cpu';
import { round, type QueryMix } from './queries';

export function stats(t: number[]): { p50: number; p99: number; mean: number } {
  const s = Float64Array.from(t).sort();
  return { p50: round(s[Math.floor(s.length * 0.5)]!), p99: round(s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]!), mean: round(t.reduce((a, b) => a + b, 0) / t.length) };
}

/** A statement as node-postgres takes it (`name`: a prepared statement, parsed and planned once per connection). */
interface Statement {
  text: string;
  values: unknown[];
  name?: string;
}
type QueryFn = (q: string | Statement, values?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>;

/**
 * The statements of each request, run one request at a time on one connection (client-side round
 * trips on loopback), in a session that first runs `session`: time per request, PostgreSQL CPU
 * per request (the backend's utime + stime), and the scans of their plans (`EXPLAIN ANALYZE` of the first 20).
 */
async function timeRequests(query: QueryFn, requests: Statement[][], session: string | undefined, what: string): Promise<Record<string, unknown>> {
  if (session) await query(session);
  try {
    const pid = Number((await query('SELECT pg_backend_pid() AS p')).rows[0]!['p']);
    const ticks0 = procTicks(pid);
    const t: number[] = [];
    for (const statements of requests) {
      const t0 = performance.now();
      for (const st of statements) await query(st);
      t.push(performance.now() - t0);
    }
    const cpuMs = ((procTicks(pid) - ticks0) * (1000 / TICK)) / requests.length;
    const exec: number[] = [];
    const scans = new Set<string>();
    for (const statements of requests.slice(0, 20)) {
      let ms = 0;
      for (const st of statements) {
        const plan = (await query(`EXPLAIN (ANALYZE, FORMAT JSON) ${st.text}`, st.values)).rows[0]!['QUERY PLAN'] as Array<{ Plan: unknown; 'Execution Time': number; 'Planning Time': number }>;
        ms += plan[0]!['Execution Time'] + plan[0]!['Planning Time'];
        for (const m of JSON.stringify(plan[0]!.Plan).matchAll(/"Node Type":"((?:Seq|Index|Index Only) Scan)","[^}]*?"Relation Name":"(\w+)"/g)) scans.add(`${m[1]} on ${m[2]}`);
      }
      exec.push(ms);
    }
    return { what, statementsPerRequest: requests[0]!.length, requestMs: stats(t), postgresCpuMsPerRequest: round(cpuMs, 3), planAndExecuteMs: stats(exec), scans: [...scans] };
  } finally {
    if (session) await query('RESET ALL');
  }
}

/** The exclusion filter of `PgVectorIndex.search`'s single-query statement (packages/pgvector/src/search-sql.ts), and the same filter in a form PostgreSQL can hash. */
const EXCLUSION_AS_SENT = 't.id <> ALL (CASE WHEN t.num THEN $4::text[] ELSE $3::text[] END)';
const EXCLUSION_HASHABLE = '(t.num OR t.id <> ALL ($3::text[])) AND (NOT t.num OR t.id <> ALL ($4::text[]))';

/**
 * Where the database time of user-items and item-items goes, and what would cut it: each
 * request's statements run one request at a time from here on one connection to the read
 * database — as the server sends them (the user state: a copy of `DatabaseStore.userStates`'
 * statement; the search: captured from `PgVectorIndex.search`, the server's own code path), then
 * with `enable_seqscan = off` (the planner takes the HNSW index instead of scanning the small
 * table), with the search's exclusion filter in a hashable form (still a sequential scan, exact),
 * then user-items as one statement (user state and search together), also prepared.
 */
export async function profileStatements(url: string, mix: QueryMix, n = 500): Promise<Record<string, unknown>> {
  const pool = createPool(url, { max: 1 });
  try {
    const schema = (await pool.query<{ schema: string }>("SELECT schema FROM twotower.current WHERE name = 'default'")).rows[0]!.schema;
    const userSql = `SELECT s.id, s.last_ts, s.seen, u.embedding::real[] AS v FROM ${schema}.user_state s JOIN ${schema}.users u ON u.id = s.id AND NOT u.num WHERE s.id = ANY($1::text[])`;
    // one statement for a known user's default user-items (string ids, as published): the shape the server sends since
    // DatabaseStore.searchForUsers (which also joins request exclusions and keeps a user with no hit)
    const oneSql =
      `SELECT s.last_ts, s.seen, u.embedding::real[] AS v, r.id, r.d FROM ${schema}.user_state s JOIN ${schema}.users u ON u.id = s.id AND NOT u.num ` +
      `CROSS JOIN LATERAL (SELECT t.id, t.embedding <#> u.embedding AS d FROM ${schema}.items t WHERE t.num OR t.id <> ALL (s.seen) ORDER BY t.embedding <#> u.embedding LIMIT $2) r WHERE s.id = $1`;
    const items = await PgVectorIndex.open(pool, `${schema}.items`);
    const query = pool.query.bind(pool) as unknown as QueryFn;
    let captured: Statement[] = [];
    (pool as unknown as { query: QueryFn }).query = (q, values) => (typeof q === 'string' && captured.push({ text: q, values: values ?? [] }), query(q, values));
    const asSent: Statement[][] = [];
    const one: Statement[][] = [];
    const onePrepared: Statement[][] = [];
    const itemItems: Statement[][] = [];
    const seen: number[] = [];
    for (let i = 0; i < n; i++) {
      const user = mix.users[(i * 7919) % mix.users.length]!;
      const state: Statement = { text: userSql, values: [[user]] };
      const row = (await query(state)).rows[0] as { v: number[]; seen: string[] };
      seen.push(row.seen.length);
      captured = [];
      await items.search(Float32Array.from(row.v), 10, { exclude: [row.seen] });
      asSent.push([state, ...captured]);
      one.push([{ text: oneSql, values: [user, 10] }]);
      onePrepared.push([{ name: 'bench_user_items', text: oneSql, values: [user, 10] }]);
      const item = mix.items[(i * 104729) % mix.items.length]!;
      const [vector] = await items.vectors([item]);
      captured = [];
      await items.search(vector!, 10, { exclude: [[item]] });
      itemItems.push(captured);
    }
    const off = 'SET enable_seqscan = off';
    // the exclusion filter with each array a parameter of its own: PostgreSQL 15 hashes `<> ALL (constant array)`,
    // not an array chosen per row by CASE, so the sequential scan stops comparing every row with every seen id
    const hashable = (st: Statement): Statement => ({ ...st, text: st.text.replace(EXCLUSION_AS_SENT, EXCLUSION_HASHABLE) });
    const rewritten = asSent.every((r) => hashable(r[r.length - 1]!).text !== r[r.length - 1]!.text);
    /** Share of the exact top 10 (the sequential scan sorts every row) the HNSW index scan finds, over the `n` searches. */
    const indexRecall = async (requests: Statement[][]) => {
      const ids = async (st: Statement) => new Set((await query(st)).rows.map((r) => String(r['id'])));
      const exact = [];
      for (const r of requests) exact.push(await ids(r[r.length - 1]!));
      await query(off);
      let found = 0;
      let total = 0;
      for (let i = 0; i < requests.length; i++) {
        const got = await ids(requests[i]![requests[i]!.length - 1]!);
        for (const id of exact[i]!) found += got.has(id) ? 1 : 0;
        total += exact[i]!.size;
      }
      await query('RESET ALL');
      return round(found / total, 4);
    };
    return {
      readDatabase: url.replace(/\/\/[^@]*@/, '//'),
      schema,
      requests: n,
      seenItemsPerUser: stats(seen),
      userItems: {
        asSent: await timeRequests(query, asSent, undefined, 'the user state, then PgVectorIndex.search with the seen items excluded (what the server sent for every user-items query before DatabaseStore.searchForUsers; still its path for explicit timestamps and histories)'),
        indexForced: await timeRequests(query, asSent, off, 'the same with enable_seqscan = off in the session'),
        hashableExclusions: rewritten
          ? await timeRequests(query, asSent.map((r) => [...r.slice(0, -1), hashable(r[r.length - 1]!)]), undefined, `as sent, the search's filter written ${EXCLUSION_HASHABLE} (sequential scan, exact answers)`)
          : `not measured: the search statement no longer holds ${EXCLUSION_AS_SENT}`,
        oneStatement: await timeRequests(query, one, off, 'user state and search in one statement (the shape of DatabaseStore.searchForUsers, which the server prepares), enable_seqscan = off'),
        oneStatementPrepared: await timeRequests(query, onePrepared, off, 'the same as a named prepared statement (parsed and planned once per connection)'),
      },
      itemItems: {
        asSent: await timeRequests(query, itemItems, undefined, 'PgVectorIndex.search of the item vector, the item excluded (what the server sends)'),
        indexForced: await timeRequests(query, itemItems, off, 'the same with enable_seqscan = off in the session'),
      },
      /** recall@10 of the HNSW index scan (ef_search 100) against the exact answers of the sequential scan, same statements. */
      indexRecallAt10: { userItems: await indexRecall(asSent), itemItems: await indexRecall(itemItems) },
    };
  } finally {
    await pool.end();
  }
}

