/** An outage under load (`bench:serving-db`): the primary stopped and started again while two replicas answer. */
import { Agent, request } from 'node:http';
import type { TestCluster } from '@twotower/pg-test';
import { cpuMeter } from './database-cpu';
import { stats } from './database-profile';
import type { Flags } from './database';
import { bodyOf, pathOf, round, type QueryMix } from './queries';
import { startServer, stopServer, type Server } from './server-process';

const log = (line: string) => process.stderr.write(`[bench:serving-db] ${line}\n`);

/** One answer: when it was sent (ms from the start), how long it took, its status (0 = connection error, -1 = no answer in time). */
interface Answer {
  sentMs: number;
  ms: number;
  status: number;
}

/** Open-loop load at `rate` req/s, round-robin over `urls`, keeping every answer (bench/paced.ts keeps only percentiles). */
function recordedLoad(urls: string[], path: string, body: (i: number) => unknown, rate: number, seconds: number, onSecond: (s: number) => void): Promise<Answer[]> {
  const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: 64 }));
  const total = Math.round(rate * seconds);
  const answers: Answer[] = [];
  const start = performance.now();
  let sent = 0;
  let lastSecond = 0;
  return new Promise((done) => {
    const settle = (a: Answer) => {
      answers.push(a);
      if (answers.length === total) {
        clearInterval(ticker);
        agents.forEach((x) => x.destroy());
        done(answers.sort((x, y) => x.sentMs - y.sentMs));
      }
    };
    const send = (i: number) => {
      const payload = JSON.stringify(body(i));
      const t0 = performance.now();
      let settled = false;
      const end = (status: number) => {
        if (settled) return;
        settled = true;
        settle({ sentMs: t0 - start, ms: performance.now() - t0, status });
      };
      const req = request(new URL(path, urls[i % urls.length]), { method: 'POST', agent: agents[i % urls.length], timeout: 10_000, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
        res.resume();
        res.on('end', () => end(res.statusCode ?? 0));
      });
      req.on('timeout', () => (end(-1), req.destroy()));
      req.on('error', () => end(0));
      req.end(payload);
    };
    const ticker = setInterval(() => {
      const now = performance.now();
      while (sent < total && start + (sent / rate) * 1000 <= now) send(sent++);
      while (lastSecond < Math.floor((now - start) / 1000) && lastSecond < seconds) onSecond(++lastSecond);
    }, 1);
  });
}

async function readyz(url: string): Promise<number> {
  try {
    return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) })).status;
  } catch {
    return 0;
  }
}

const kindOf = (status: number) => (status === 200 ? 'ok200' : status === 503 ? 's503' : status === 504 ? 's504' : status === 0 ? 'connectionError' : status === -1 ? 'noAnswer10s' : 'other');

export async function outage(name: string, f: Flags, mix: QueryMix, cluster: TestCluster, args: string[], timeoutMs: number, warmUp: (servers: Server[]) => Promise<unknown>): Promise<Record<string, unknown>> {
  const servers = [await startServer(f.model, args), await startServer(f.model, args)];
  const body = bodyOf('user-items', mix);
  await warmUp(servers);
  const ev: Record<string, number> = {};
  const polls: Array<{ second: number; readyz: number[] }> = [];
  let t0 = 0;
  const at = () => round((performance.now() - t0) / 1000);
  const actions: Promise<void>[] = [];
  const cpu = cpuMeter(servers, cluster.dir);
  t0 = performance.now();
  const answers = await recordedLoad(servers.map((s) => s.url), pathOf('user-items'), body, f.outageRate, f.outageSeconds, (s) => {
    actions.push(Promise.all(servers.map((x) => readyz(x.url))).then((r) => void polls.push({ second: s, readyz: r })));
    if (s === f.outageStop) {
      ev['stopCalled'] = at();
      actions.push(cluster.stopPrimary().then(() => void (ev['stopReturned'] = at())));
    }
    if (s === f.outageStart) {
      ev['startCalled'] = at();
      actions.push(cluster.startPrimary().then(() => void (ev['startReturned'] = at())));
    }
  });
  await Promise.all(actions);
  const used = cpu();
  for (const s of servers) await stopServer(s);
  polls.sort((a, b) => a.second - b.second);
  const perSecond = Array.from({ length: f.outageSeconds }, (_, s) => ({ second: s, ok200: 0, s503: 0, s504: 0, other: 0, connectionError: 0, noAnswer10s: 0, maxMs: 0 }));
  for (const a of answers) {
    const row = perSecond[Math.min(f.outageSeconds - 1, Math.floor(a.sentMs / 1000))]!;
    row[kindOf(a.status)]++;
    row.maxMs = Math.max(row.maxMs, round(a.ms, 1));
  }
  const stop = ev['stopCalled']! * 1000;
  const back = ev['startReturned']! * 1000;
  const down = answers.filter((a) => a.sentMs >= stop && a.sentMs <= back);
  const slowest = down.reduce((m, a) => (a.ms > m.ms ? a : m), { sentMs: 0, ms: 0, status: 0 });
  const failedAfterStop = answers.filter((a) => a.sentMs >= stop && a.status !== 200);
  const failures = (x: (typeof perSecond)[number]) => x.s503 + x.s504 + x.other + x.connectionError + x.noAnswer10s;
  const firstAllOk = perSecond.findIndex((_, s) => s >= Math.floor(back / 1000) && perSecond.slice(s).every((x) => x.ok200 > 0 && failures(x) === 0));
  const ready503 = polls.filter((p) => p.second * 1000 > stop && p.second * 1000 < back && p.readyz.some((x) => x === 503));
  const readyBack = polls.find((p) => p.second * 1000 >= back && polls.filter((q) => q.second >= p.second).every((q) => q.readyz.every((x) => x === 200)));
  const counts = (list: Answer[]) => list.reduce<Record<string, number>>((m, a) => ((m[kindOf(a.status)] = (m[kindOf(a.status)] ?? 0) + 1), m), {});
  const result = {
    replicas: 2,
    args: args.map((a) => a.replace(/\/\/[^@]*@/, '//')),
    rate: f.outageRate,
    seconds: f.outageSeconds,
    events: ev,
    answers: counts(answers),
    whileDown: {
      requests: down.length,
      answers: counts(down),
      slowestMs: round(slowest.ms, 1),
      slowestStatus: slowest.status,
      overStatementTimeout: down.filter((a) => a.ms > timeoutMs).length,
      statementTimeoutMs: timeoutMs,
      p99Ms: stats(down.map((a) => a.ms)).p99,
    },
    firstFailureAfterStopSeconds: failedAfterStop.length ? round((failedAfterStop[0]!.sentMs - stop) / 1000) : null,
    lastFailureAfterStartReturnedSeconds: failedAfterStop.length ? round((failedAfterStop[failedAfterStop.length - 1]!.sentMs - back) / 1000) : null,
    /** Seconds from startPrimary returning to the start of the first second from which every answer is 200 (0 when that second began before it returned). */
    recoverySeconds: firstAllOk >= 0 ? round(Math.max(0, firstAllOk - back / 1000)) : null,
    readyz503WhileDown: ready503.length > 0,
    readyz200AfterSecond: readyBack?.second ?? null,
    readyzSecondsAfterStartReturned: readyBack ? round(Math.max(0, readyBack.second - back / 1000)) : null,
    perSecond,
    readyz: polls,
    cpu: used,
  };
  log(`${name}: ${JSON.stringify({ events: ev, answers: result.answers, whileDown: result.whileDown, recoverySeconds: result.recoverySeconds, lastFailure: result.lastFailureAfterStartReturnedSeconds, readyz503WhileDown: result.readyz503WhileDown, readyzBackAt: result.readyz200AfterSecond })}`);
  return result;
}

