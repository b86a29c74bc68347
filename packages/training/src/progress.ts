import { SingleBar, Presets } from 'cli-progress';
import type { ProgressCallback } from '@twotower/utils';
import type { StepLogs, TrainingCallback } from './callbacks';

/** A progress display: a live bar on a terminal, one line per epoch otherwise (logs, CI). */
export interface Progress {
  /** After each step: moves the bar. */
  step(logs: StepLogs): void;
  /** A line that stays (an epoch's summary, a message). */
  line(text: string): void;
  /** Removes a live bar. */
  stop(): void;
  /**
   * Progress of one long step that is not an epoch (EASE on a large catalogue, an index build):
   * a bar with the share done on a terminal, a line when it starts and when it ends otherwise.
   */
  task(label: string): ProgressCallback;
}

/** A {@link Progress} that shows nothing. */
export const silentProgress: Progress = { step() {}, line() {}, stop() {}, task: () => () => {} };

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/**
 * The progress display for `stream` (default stderr): a bar (epoch, step, loss, examples/s, ETA)
 * when it is a terminal, only the epoch lines otherwise; nothing when `quiet`.
 */
export function createProgress(quiet = false, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (quiet) return silentProgress;
  if (!stream.isTTY) {
    return {
      step() {},
      line: (text) => void stream.write(`${text}\n`),
      stop() {},
      task(label) {
        let started = false;
        const t0 = performance.now();
        return (done, total) => {
          if (!started) stream.write(`${label}…\n`);
          started = true;
          if (done >= total) stream.write(`${label}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
        };
      },
    };
  }
  const bar = new SingleBar(
    {
      stream,
      format: 'epoch {epoch}/{epochs} |{bar}| step {value}/{total} | loss {loss} | {rate} ex/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  let started = false;
  const stop = () => {
    if (started) bar.stop();
    started = false;
  };
  return {
    step(r) {
      const payload = { epoch: r.epoch, epochs: r.epochs, loss: r.loss.toFixed(4), rate: fmt(r.examplesPerSecond) };
      if (!started) {
        bar.start(r.steps, r.step, payload);
        started = true;
      } else {
        bar.setTotal(r.steps);
        bar.update(r.step, payload);
      }
    },
    line(text) {
      stop();
      stream.write(`${text}\n`);
    },
    stop,
    task(label) {
      stop();
      const taskBar = new SingleBar({ stream, format: `${label} |{bar}| {percentage}% | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
      let running = false;
      return (done, total) => {
        if (!running) taskBar.start(total, 0);
        running = true;
        taskBar.update(done);
        if (done >= total) taskBar.stop();
      };
    },
  };
}

/**
 * A callback showing a run on a {@link Progress}: the bar per step and one line per epoch,
 * `<name> epoch 3/10  loss 5.1234  27,000 ex/s  2.9 s` plus the notes other callbacks added
 * (validation figures, "(best)"). Put it after them.
 */
export function progressCallback(progress: Progress, name = ''): TrainingCallback {
  return {
    onStepEnd: (logs) => progress.step(logs),
    onEpochEnd(logs) {
      const head = `${name ? `${name} ` : ''}epoch ${logs.epoch}/${logs.epochs}  loss ${logs.loss.toFixed(4)}  ${fmt(logs.examplesPerSecond)} ex/s  ${logs.seconds.toFixed(1)} s`;
      progress.line([head, ...logs.notes].join('  '));
    },
    onTrainEnd: () => progress.stop(),
  };
}
