/** A throw-away primary + hot standby for one test file or one benchmark run. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePortPair } from './free-port';
import { clusterScript, runClusterScript } from './run-script';
import { waitForReplay, type WaitForReplayOptions } from './wait-for-replay';

/** A running primary and its streaming replica (trust auth, user `twotower`, database `postgres`). */
export interface TestCluster {
  /** `postgres://twotower@127.0.0.1:PORT/postgres`: the primary (read-write). */
  readonly primary: string;
  /** `postgres://twotower@127.0.0.1:PORT+1/postgres`: the hot standby (read-only). */
  readonly replica: string;
  /** The folder holding both data directories and their `server.log`s. */
  readonly dir: string;
  /** Stops the primary (fast shutdown), keeping its data: a database outage. */
  stopPrimary(): Promise<void>;
  /** Starts the primary again on the same port after {@link stopPrimary}. */
  startPrimary(): Promise<void>;
  /** Waits until the replica has replayed the primary's current WAL position (see {@link waitForReplay}). */
  waitForReplica(options?: WaitForReplayOptions): Promise<string>;
  /** Stops both servers and removes the folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** Why no cluster could be started here: one sentence naming what is missing and how to get it. */
export interface ClusterSkip {
  skip: string;
}

/** Options of {@link startTestCluster}. */
export interface StartTestClusterOptions {
  /** PostgreSQL major version the script uses (`$PG_MAJOR`). Default `process.env.PG_MAJOR ?? '15'`. */
  pgMajor?: string;
  /** Ports tried before giving up on a start that failed (another process took the port). Default 3. */
  attempts?: number;
}

/** Set this environment variable (to anything but `''`/`'0'`) to make every cluster start skip. */
export const SKIP_PG_ENV = 'TWOTOWER_SKIP_PG';

const INSTALL_HINT = 'run `bash tooling/scripts/pg-cluster.sh install` as root';
const live = new Set<string>();
let exitHook = false;

function stopOnExit(dir: string): void {
  live.add(dir);
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const d of live) {
      spawnSync('bash', [clusterScript(), 'stop', d], { stdio: 'ignore', timeout: 30_000 });
      fs.rmSync(path.dirname(d), { recursive: true, force: true });
    }
  });
}

function firstLine(text: string): string {
  const line = text.trim().split('\n').pop() ?? '';
  return line.replace(/^pg-cluster: /, '').trim();
}

/**
 * Starts a primary on a free loopback port `p` and its streaming hot standby on `p + 1`, in a fresh
 * `mkdtemp` folder (chmod 755: the servers run as `postgres` when we are root). Takes ~1.5 s.
 * Resolves `{ skip }` instead when PostgreSQL or pgvector is missing here (the script exits 3, or
 * `initdb` is absent) or when `TWOTOWER_SKIP_PG` is set; rejects on any other failure (with the
 * script's message). Call `stop()` when done (it also runs when the process exits).
 */
export async function startTestCluster(options: StartTestClusterOptions = {}): Promise<TestCluster | ClusterSkip> {
  const skipEnv = process.env[SKIP_PG_ENV];
  if (skipEnv && skipEnv !== '0') return { skip: `PostgreSQL tests are turned off (${SKIP_PG_ENV}=${skipEnv})` };
  const major = options.pgMajor ?? process.env.PG_MAJOR ?? '15';
  if (!fs.existsSync(`/usr/lib/postgresql/${major}/bin/initdb`)) {
    return { skip: `PostgreSQL ${major} with pgvector is not installed: ${INSTALL_HINT}` };
  }
  const attempts = options.attempts ?? 3;
  let lastError = '';
  for (let attempt = 0; attempt < attempts; attempt++) {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'twotower-pg-'));
    fs.chmodSync(parent, 0o755);
    const dir = path.join(parent, 'cluster');
    const port = await freePortPair();
    stopOnExit(dir);
    const started = await runClusterScript(['start', dir, String(port)]);
    if (started.code === 0) {
      const primary = /^primary=(\S+)$/m.exec(started.stdout)?.[1];
      const replica = /^replica=(\S+)$/m.exec(started.stdout)?.[1];
      if (!primary || !replica) throw new Error(`pg-cluster.sh start printed no primary=/replica= URLs: ${started.stdout}`);
      return makeCluster(parent, dir, primary, replica);
    }
    await runClusterScript(['stop', dir]);
    live.delete(dir);
    fs.rmSync(parent, { recursive: true, force: true });
    if (started.code === 3) return { skip: `${firstLine(started.stderr) || 'PostgreSQL with pgvector cannot run here'}: ${INSTALL_HINT}` };
    lastError = started.stderr.trim();
  }
  throw new Error(`the test cluster did not start in ${attempts} tries: ${lastError}`);
}

function makeCluster(parent: string, dir: string, primary: string, replica: string): TestCluster {
  let stopped = false;
  const run = async (command: string) => {
    const result = await runClusterScript([command, dir]);
    if (result.code !== 0) throw new Error(`pg-cluster.sh ${command} failed: ${result.stderr.trim()}`);
  };
  return {
    primary,
    replica,
    dir,
    stopPrimary: () => run('stop-primary'),
    startPrimary: () => run('start-primary'),
    waitForReplica: (options) => waitForReplay(primary, replica, options),
    async stop() {
      if (stopped) return;
      stopped = true;
      await runClusterScript(['stop', dir]);
      live.delete(dir);
      fs.rmSync(parent, { recursive: true, force: true });
    },
  };
}

/** Whether {@link startTestCluster} gave a skip reason rather than a cluster. */
export function isSkip(result: TestCluster | ClusterSkip): result is ClusterSkip {
  return 'skip' in result;
}
