/**
 * Seconds (wall) per named phase of a computation, added to as it runs: opt-in instrumentation
 * (`EaseOptions.phases`, `RecursiveSpdInverseOptions.phases`). Values are sums over every time the
 * phase ran; a key absent means the phase did not run.
 */
export type PhaseTimes = Record<string, number>;

/** Runs `fn` and adds its wall time in seconds to `times[name]` (just runs it when `times` is undefined). */
export function timePhase<T>(times: PhaseTimes | undefined, name: string, fn: () => T): T {
  if (!times) return fn();
  const t = performance.now();
  try {
    return fn();
  } finally {
    addPhase(times, name, (performance.now() - t) / 1000);
  }
}

/** Adds `value` to `times[name]` (a phase's seconds, or a count such as multiply-adds). */
export function addPhase(times: PhaseTimes | undefined, name: string, value: number): void {
  if (times) times[name] = (times[name] ?? 0) + value;
}
