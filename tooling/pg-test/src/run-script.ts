/** Runs `tooling/scripts/pg-cluster.sh` and collects what it prints. */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

/** Where the cluster script is: `$TWOTOWER_PG_CLUSTER_SCRIPT`, else `tooling/scripts/pg-cluster.sh` of this workspace. */
export function clusterScript(): string {
  return process.env.TWOTOWER_PG_CLUSTER_SCRIPT ?? path.resolve(__dirname, '../../scripts/pg-cluster.sh');
}

/** What one run of the script gave. */
export interface ScriptResult {
  /** Exit code (`3`: PostgreSQL or pgvector cannot be had here). */
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `bash pg-cluster.sh ...args` (never rejects: the exit code is in the result). */
export function runClusterScript(args: readonly string[], timeoutMillis = 120_000): Promise<ScriptResult> {
  return new Promise((resolve) => {
    execFile('bash', [clusterScript(), ...args], { timeout: timeoutMillis, maxBuffer: 4 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}
