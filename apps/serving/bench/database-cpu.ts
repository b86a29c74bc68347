/** CPU over a bench run (`bench:serving-db`): the machine, the servers, the load generator, PostgreSQL, from /proc. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { round } from './queries';
import type { Server } from './server-process';

export const TICK = 100; // USER_HZ of /proc
export function procTicks(pid: number): number {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime
  } catch {
    return 0;
  }
}
function machineTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - (f[4] ?? 0), total };
}
/** Processes of the cluster in `dir` (its postmasters and their children), or every `postgres` process when not ours. */
function postgresPids(dir: string | undefined): number[] {
  const all = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number);
  const stat = (pid: number) => {
    try {
      const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return { comm: s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')), ppid: Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]) };
    } catch {
      return undefined;
    }
  };
  if (dir === undefined) return all.filter((p) => stat(p)?.comm === 'postgres');
  const masters = new Set<number>();
  for (const side of ['primary', 'replica']) {
    const file = join(dir, side, 'postmaster.pid');
    if (existsSync(file)) masters.add(Number(readFileSync(file, 'utf8').split('\n')[0]));
  }
  return all.filter((p) => masters.has(p) || masters.has(stat(p)?.ppid ?? -1));
}
/** CPU use over a run, in cores (the machine has `cpus().length`; everything below shares them). */
export function cpuMeter(servers: Server[], clusterDir: string | undefined): () => Record<string, number> {
  const t0 = performance.now();
  const m0 = machineTicks();
  const self0 = process.cpuUsage();
  const srv0 = servers.map((s) => procTicks(s.child.pid!));
  const pg0 = new Map(postgresPids(clusterDir).map((p) => [p, procTicks(p)]));
  return () => {
    const secs = (performance.now() - t0) / 1000;
    const m1 = machineTicks();
    const self = process.cpuUsage(self0);
    const servers1 = servers.reduce((a, s, i) => a + procTicks(s.child.pid!) - srv0[i]!, 0) / TICK;
    let pg = 0;
    for (const p of postgresPids(clusterDir)) pg += procTicks(p) - (pg0.get(p) ?? 0);
    const generator = (self.user + self.system) / 1e6;
    const machine = ((m1.busy - m0.busy) / (m1.total - m0.total)) * cpus().length;
    return { machineBusyCores: round(machine, 2), serversCores: round(servers1 / secs, 2), postgresCores: round(pg / TICK / secs, 2), generatorCores: round(generator / secs, 2), otherCores: round(machine - (servers1 + pg / TICK + generator) / secs, 2) };
  };
}

