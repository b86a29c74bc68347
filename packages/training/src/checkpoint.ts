import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainingCallback, TrainingState } from './callbacks';

/** A model whose weights (and optimiser state) can be written and read back exactly. */
export interface Checkpointable {
  saveWeights(dir: string, name: string, options?: { optimizer?: boolean }): Promise<void>;
  loadWeights(dir: string, name: string, options?: { optimizer?: boolean }): Promise<void>;
}

interface SavedState extends TrainingState {
  runKey: string;
}

/**
 * A directory holding the last epoch's weights with optimiser state (`last`), the best epoch's
 * weights (`best`) and the loop's {@link TrainingState}: enough to continue a killed run
 * exactly. Each write is atomic (temporary directory + rename), so a kill never leaves half of one.
 */
export class CheckpointDir {
  /**
   * @param dir where the checkpoint lives
   * @param model whose weights it keeps
   * @param runKey identifies the run (config + data): a checkpoint of another run is refused
   */
  constructor(
    readonly dir: string,
    private readonly model: Checkpointable,
    private readonly runKey: string,
  ) {}

  /** The saved state after loading the last weights into the model, or undefined when there is no checkpoint. */
  async resume(): Promise<TrainingState | undefined> {
    const file = join(this.dir, 'state.json');
    if (!existsSync(file)) return undefined;
    const { runKey, ...state } = JSON.parse(readFileSync(file, 'utf8')) as SavedState;
    if (runKey !== this.runKey) throw new Error(`the checkpoint in ${this.dir} belongs to another configuration or data set: remove it or run without --resume`);
    await this.model.loadWeights(this.dir, 'last', { optimizer: true });
    return { ...state, bestMetric: state.bestMetric ?? -Infinity, stopTraining: state.stopTraining ?? false };
  }

  /** Writes `state` and the model's weights; `best` also keeps them as the best epoch's. */
  async write(state: TrainingState, best: boolean): Promise<void> {
    const tmp = `${this.dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    await this.model.saveWeights(tmp, 'last', { optimizer: true });
    if (best) {
      await this.model.saveWeights(tmp, 'best');
    } else if (existsSync(join(this.dir, 'best.json'))) {
      renameSync(join(this.dir, 'best.json'), join(tmp, 'best.json'));
      renameSync(join(this.dir, 'best.bin'), join(tmp, 'best.bin'));
    }
    writeFileSync(join(tmp, 'state.json'), JSON.stringify({ ...state, runKey: this.runKey }));
    const old = `${this.dir}.old-${process.pid}`;
    if (existsSync(this.dir)) renameSync(this.dir, old);
    renameSync(tmp, this.dir);
    rmSync(old, { recursive: true, force: true });
  }

  /** Loads the best epoch's weights into the model. */
  async restoreBest(): Promise<void> {
    await this.model.loadWeights(this.dir, 'best');
  }

  /** Deletes the checkpoint. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A callback writing the checkpoint after every epoch (the best weights when `logs.improved`). Put it after early stopping. */
  callback(): TrainingCallback {
    return { onEpochEnd: (logs, state) => this.write(state, logs.improved ?? true) };
  }
}
