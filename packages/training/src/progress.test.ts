import { createProgress, progressCallback, silentProgress, type Progress } from './progress';
import type { EpochLogs, StepLogs } from './callbacks';

/** A writable stream that keeps what is written; a terminal when `tty`. */
function stream(tty: boolean) {
  const written: string[] = [];
  const s = { isTTY: tty, columns: 100, write: (t: string) => (written.push(t), true), cursorTo: () => true, clearLine: () => true, moveCursor: () => true, on: () => s, removeListener: () => s };
  return { s: s as unknown as NodeJS.WriteStream, written };
}
const step = (n: number): StepLogs => ({ epoch: 1, epochs: 2, step: n, steps: 4, loss: 5.12345, examplesPerSecond: 12345.6 });
const epoch = (notes: string[] = []): EpochLogs => ({ epoch: 1, epochs: 2, loss: 5.12345, examples: 100, seconds: 2.94, examplesPerSecond: 27000.4, notes });

describe('progress', () => {
  it('quiet shows nothing', () => {
    expect(createProgress(true)).toBe(silentProgress);
  });

  it('off a terminal: only the lines, no bar', () => {
    const { s, written } = stream(false);
    const p = createProgress(false, s);
    p.step(step(1));
    p.line('hello');
    p.stop();
    expect(written).toEqual(['hello\n']);
  });

  it('on a terminal: a bar moved by the steps, removed before a line', () => {
    const { s, written } = stream(true);
    const p = createProgress(false, s);
    p.step(step(1));
    p.step(step(2));
    expect(written.join('')).toMatch(/epoch 1\/2 \|.*\| step \d\/4 \| loss 5\.1235 \| 12,346 ex\/s/);
    p.line('epoch done');
    expect(written.at(-1)).toBe('epoch done\n');
    p.stop(); // a second stop is harmless
  });

  it('progressCallback: the bar per step and one line per epoch with the notes of other callbacks', () => {
    const seen: string[] = [];
    const steps: number[] = [];
    let stopped = 0;
    const p: Progress = { ...silentProgress, step: (l) => void steps.push(l.step), line: (t) => void seen.push(t), stop: () => void stopped++ };
    const cb = progressCallback(p, 'ranking');
    cb.onStepEnd!(step(3));
    cb.onEpochEnd!(epoch(['validation top100 0.6100', '(best)']), undefined as never);
    cb.onTrainEnd!(undefined as never);
    expect(steps).toEqual([3]);
    expect(seen).toEqual(['ranking epoch 1/2  loss 5.1235  27,000 ex/s  2.9 s  validation top100 0.6100  (best)']);
    expect(stopped).toBe(1);
    const unnamed: string[] = [];
    progressCallback({ ...silentProgress, line: (t) => void unnamed.push(t) }).onEpochEnd!(epoch(), undefined as never);
    expect(unnamed).toEqual(['epoch 1/2  loss 5.1235  27,000 ex/s  2.9 s']);
  });
});
