import type { PublishProgressEvent } from '@twotower/pgvector';

const thousands = (n: number) => n.toLocaleString('en-US');

/** Tables of at least this many rows get a line when their COPY and index build start, and each quarter of the COPY. */
const LARGE = 100_000;

/**
 * Progress lines of a publish, for `onProgress`: one per table copied (`items: 1,682 rows copied
 * (0.1 s)`) and one per index built (`items: index built (0.6 s)`); a table of 100,000 rows or
 * more also gets a line when its COPY and its index build start, and one each quarter of its COPY.
 */
export function publishProgress(line: (text: string) => void): (event: PublishProgressEvent) => void {
  const started = new Map<string, number>();
  const quarter = new Map<string, number>();
  const rows = new Map<string, number>();
  const seconds = (key: string) => ((performance.now() - (started.get(key) ?? performance.now())) / 1000).toFixed(1);
  return (e) => {
    const key = `${e.phase} ${e.table}`;
    const large = (rows.get(e.table) ?? e.total) >= LARGE;
    if (e.phase === 'index') {
      if (e.done === 0) {
        started.set(key, performance.now());
        if (large) line(`  ${e.table}: building its index`);
      } else line(`  ${e.table}: index built (${seconds(key)} s)`);
      return;
    }
    if (!started.has(key)) {
      started.set(key, performance.now());
      rows.set(e.table, e.total);
      if (large) line(`  ${e.table}: copying ${thousands(e.total)} rows`);
    }
    if (quarter.get(key) === 4) return;
    if (e.done === e.total) {
      quarter.set(key, 4);
      line(`  ${e.table}: ${thousands(e.total)} rows copied (${seconds(key)} s)`);
    } else if (large) {
      const q = Math.floor((4 * e.done) / e.total);
      if (q > (quarter.get(key) ?? 0)) {
        quarter.set(key, q);
        line(`  ${e.table}: ${thousands(e.done)} of ${thousands(e.total)} rows`);
      }
    }
  };
}
