/** Waiting until a hot standby has replayed everything its primary has written so far. */
import { Client } from 'pg';

/** Options of {@link waitForReplay}. */
export interface WaitForReplayOptions {
  /** Give up (reject) after this long. Default 15000 ms. */
  timeoutMillis?: number;
  /** Time between two looks at the replica. Default 20 ms. */
  pollMillis?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads the primary's current WAL position (`pg_current_wal_lsn()`) and waits until the replica's
 * `pg_last_wal_replay_lsn()` has reached it: every transaction committed on the primary before the
 * call is then visible on the replica.
 * @returns the LSN waited for (e.g. `'0/3000148'`).
 */
export async function waitForReplay(primaryUrl: string, replicaUrl: string, options: WaitForReplayOptions = {}): Promise<string> {
  const timeoutMillis = options.timeoutMillis ?? 15_000;
  const pollMillis = options.pollMillis ?? 20;
  const primary = new Client({ connectionString: primaryUrl, connectionTimeoutMillis: timeoutMillis });
  await primary.connect();
  let lsn: string;
  try {
    lsn = (await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn;
  } finally {
    await primary.end();
  }
  const replica = new Client({ connectionString: replicaUrl, connectionTimeoutMillis: timeoutMillis });
  await replica.connect();
  try {
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
      const { rows } = await replica.query<{ done: boolean | null; at: string | null }>(
        'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done, pg_last_wal_replay_lsn()::text AS at',
        [lsn],
      );
      if (rows[0]!.done) return lsn;
      if (Date.now() > deadline) {
        throw new Error(`the replica had replayed up to ${rows[0]!.at ?? 'nothing'} after ${timeoutMillis} ms, not the primary's ${lsn}: is it streaming (see its server.log)?`);
      }
      await sleep(pollMillis);
    }
  } finally {
    await replica.end();
  }
}
