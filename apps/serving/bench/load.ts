/** One load run with autocannon and exact latency percentiles from every response. */
import autocannon from 'autocannon';

/** Options of {@link runLoad}. */
export interface LoadOptions {
  url: string;
  path: string;
  /** Makes the JSON body of the i-th request. */
  body: (i: number) => unknown;
  /** Concurrent connections. */
  connections: number;
  /** Seconds to run. */
  seconds: number;
  /** Requests per second over all connections (paced); unset: as fast as possible. */
  rate?: number;
  /** Called once per second with the elapsed seconds (for timed actions like a swap). */
  onSecond?: (s: number) => void;
}

/** What a load run measured. */
export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Non-2xx answers + connection errors + timeouts. */
  errors: number;
  non2xx: number;
  timeouts: number;
  connectionErrors: number;
  statusCodes: Record<string, number>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i]! * 1000) / 1000;
}

/** Runs autocannon against `url + path` with POST bodies from `body`, recording every latency. */
export function runLoad(o: LoadOptions): Promise<LoadResult> {
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  const codes: Record<string, number> = {};
  let i = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: o.url,
        connections: o.connections,
        duration: o.seconds,
        ...(o.rate !== undefined ? { overallRate: o.rate } : {}),
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: o.path,
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => ({ ...req, body: JSON.stringify(o.body(i++)) }),
          },
        ],
      },
      (err, result) => {
        clearInterval(timer);
        if (err) return reject(err);
        const sorted = latencies.slice(0, n).sort();
        const non2xx = result.non2xx;
        resolve({
          requests: result.requests.total,
          rps: Math.round((n / o.seconds) * 10) / 10,
          p50Ms: percentile(sorted, 50),
          p90Ms: percentile(sorted, 90),
          p99Ms: percentile(sorted, 99),
          maxMs: percentile(sorted, 100),
          errors: non2xx + result.errors + result.timeouts,
          non2xx,
          timeouts: result.timeouts,
          connectionErrors: result.errors,
          statusCodes: codes,
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, ms: number) => {
      codes[statusCode] = (codes[statusCode] ?? 0) + 1;
      if (n === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[n++] = ms;
    });
    let s = 0;
    const timer = setInterval(() => {
      s++;
      o.onSecond?.(s);
    }, 1000);
  });
}
