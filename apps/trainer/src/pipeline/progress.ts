import { SingleBar, Presets } from 'cli-progress';

/** What the training loop reports after each step. */
export interface StepReport {
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
  examplesPerSecond: number;
}

/** A progress display: a live bar on a terminal, one line per epoch otherwise (logs, CI). */
export interface Progress {
  step(r: StepReport): void;
  epochEnd(line: string): void;
  stop(): void;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Creates the progress display for `stream` (default stderr); `quiet` prints nothing. */
export function createProgress(quiet = false, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (quiet) return { step() {}, epochEnd() {}, stop() {} };
  if (!stream.isTTY) {
    return {
      step() {},
      epochEnd(line) {
        stream.write(`${line}\n`);
      },
      stop() {},
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
    epochEnd(line) {
      if (started) {
        bar.stop();
        started = false;
      }
      stream.write(`${line}\n`);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
