/**
 * Progress of a long step: `done` of `total` units of work. Calls come in order with `done`
 * increasing, and the last one has `done === total` when the step finishes; the unit (rows,
 * iterations, estimated operations) is the step's, so `done / total` is what to show.
 *
 * ```ts
 * const onProgress: ProgressCallback = (done, total) => process.stderr.write(`\r${Math.round((100 * done) / total)}%`);
 * ```
 */
export type ProgressCallback = (done: number, total: number) => void;

/** Options of {@link progressReporter}. */
export interface ProgressReporterOptions {
  /** Reports at most about this many times: when `done` crosses each `total / steps`, and at the end. Default 100. */
  steps?: number;
}

/**
 * Turns a step's fine-grained `tick(done)` calls into a few {@link ProgressCallback} calls: one each
 * time `done` passes the next `total / steps` (at most `steps` + 1 calls), always one when
 * `done` reaches `total`, never a repeated or decreasing `done`. Without a callback it returns
 * a function that does nothing, so a step can tick unconditionally.
 *
 * ```ts
 * const tick = progressReporter(options.onProgress, rows);
 * for (let r = 0; r < rows; r++) {
 *   work(r);
 *   tick(r + 1);
 * }
 * ```
 *
 * @param onProgress the caller's callback, or `undefined`.
 * @param total units of work of the whole step (>= 0).
 * @returns `tick(done)`; call it with the units done so far (values above `total` count as `total`).
 */
export function progressReporter(onProgress: ProgressCallback | undefined, total: number, options: ProgressReporterOptions = {}): (done: number) => void {
  if (onProgress === undefined) return () => {};
  const steps = Math.max(1, Math.floor(options.steps ?? 100));
  const every = total / steps;
  let last = -Infinity;
  let next = -Infinity;
  return (done: number) => {
    const d = done > total ? total : done;
    if (d <= last) return;
    if (d < next && d !== total) return;
    last = d;
    next = d + every;
    onProgress(d, total);
  };
}
