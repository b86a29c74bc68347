/**
 * An open-loop load generator at a steady rate: request i is due at `start + i / rate` and is sent
 * then (on a free keep-alive connection, opening more up to `maxConnections`), whatever happened to
 * the earlier ones, so a stalled server shows up as a growing backlog instead of silently slowing
 * the generator down (no coordinated omission). Latencies are reported from the moment each
 * request was written (`p50Ms`...) and from the moment it was due (`fromDue`: adds the
 * generator's own timer lag, up to a millisecond or two on a busy machine, and any backlog).
 *
 * Why not autocannon's `overallRate` for these runs: autocannon resets each connection's quota
 * once a second and sends it back to back, so "1,000 req/s" arrives as a burst at the start of
 * every second and measures the queueing of that burst, not a steady rate.
 */
import { Agent, request } from 'node:http';
import type { LoadResult } from './load';

/** A paced run's result: latencies from sending, plus the same from each request's due time. */
export interface PacedResult extends LoadResult {
  fromDue: { p50Ms: number; p99Ms: number; maxMs: number };
}

/** Options of {@link runPaced}. */
export interface PacedOptions {
  url: string;
  path: string;
  body: (i: number) => unknown;
  /** Requests per second. */
  rate: number;
  seconds: number;
  /** Most concurrent connections. Default 64. */
  maxConnections?: number;
  /** Seconds before an unanswered request counts as a timeout. Default 10. */
  timeoutSeconds?: number;
  /** Called once per elapsed second. */
  onSecond?: (s: number) => void;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i]! * 1000) / 1000;
}

/** Runs the paced load; resolves when every request has been answered or timed out. */
export function runPaced(o: PacedOptions): Promise<PacedResult> {
  const total = Math.round(o.rate * o.seconds);
  const agent = new Agent({ keepAlive: true, maxSockets: o.maxConnections ?? 64 });
  const target = new URL(o.path, o.url);
  const latencies = new Float64Array(total);
  const fromDue = new Float64Array(total);
  const codes: Record<string, number> = {};
  let answered = 0;
  let non2xx = 0;
  let timeouts = 0;
  let connectionErrors = 0;
  let sent = 0;
  const start = performance.now();
  let lastSecond = 0;
  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearInterval(ticker);
      clearTimeout(deadline);
      // anything still unanswered at the deadline counts as timed out
      timeouts += total - done;
      agent.destroy();
      const ok = latencies.slice(0, answered).sort();
      const due = fromDue.slice(0, answered).sort();
      resolve({
        requests: total,
        rps: Math.round((answered / o.seconds) * 10) / 10,
        p50Ms: percentile(ok, 50),
        p90Ms: percentile(ok, 90),
        p99Ms: percentile(ok, 99),
        maxMs: percentile(ok, 100),
        errors: non2xx + timeouts + connectionErrors,
        non2xx,
        timeouts,
        connectionErrors,
        statusCodes: codes,
        fromDue: { p50Ms: percentile(due, 50), p99Ms: percentile(due, 99), maxMs: percentile(due, 100) },
      });
    };
    let done = 0;
    const settle = () => {
      if (++done === total) finish();
    };
    const send = (i: number, due: number) => {
      const payload = JSON.stringify(o.body(i));
      let settled = false;
      const sentAt = performance.now();
      const req = request(
        target,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }, timeout: (o.timeoutSeconds ?? 10) * 1000 },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (settled) return;
            settled = true;
            const status = res.statusCode ?? 0;
            codes[status] = (codes[status] ?? 0) + 1;
            if (status >= 200 && status < 300) {
              const end = performance.now();
              fromDue[answered] = end - due;
              latencies[answered++] = end - sentAt;
            }
            else non2xx++;
            settle();
          });
        },
      );
      req.on('timeout', () => {
        if (settled) return;
        settled = true;
        timeouts++;
        req.destroy();
        settle();
      });
      req.on('error', () => {
        if (settled) return;
        settled = true;
        connectionErrors++;
        settle();
      });
      req.end(payload);
    };
    const deadline = setTimeout(finish, (o.seconds + (o.timeoutSeconds ?? 10) + 5) * 1000);
    const ticker = setInterval(() => {
      const now = performance.now();
      const elapsed = (now - start) / 1000;
      while (sent < total && start + (sent / o.rate) * 1000 <= now) {
        send(sent, start + (sent / o.rate) * 1000);
        sent++;
      }
      const second = Math.floor(elapsed);
      while (lastSecond < second && lastSecond < o.seconds) {
        lastSecond++;
        o.onSecond?.(lastSecond);
      }
    }, 1);
  });
}
