/** Anything the holder can retire. */
export interface Disposable {
  dispose(): void;
}

/** A counted reference to the model a request started with; {@link release} exactly once. */
export interface Lease<M> {
  readonly model: M;
  release(): void;
}

interface Slot<M> {
  model: M;
  refs: number;
  retired: boolean;
  disposed: boolean;
}

/**
 * Holds the model being served and swaps in a new one atomically. A request takes a lease on the
 * current model when it starts and keeps using that model until it releases the lease, even when a
 * swap happens meanwhile; a replaced model is disposed when its last lease is released.
 */
export class ModelHolder<M extends Disposable> {
  private slot: Slot<M> | undefined;
  private readonly retiring = new Set<Slot<M>>();
  private drained: (() => void) | undefined;

  /** The model new requests get, if any. */
  get current(): M | undefined {
    return this.slot?.model;
  }

  /** Models replaced but still in use by requests. */
  get retiringCount(): number {
    return this.retiring.size;
  }

  /** A lease on the current model, or `undefined` when there is none (not loaded yet, or closed). */
  acquire(): Lease<M> | undefined {
    const slot = this.slot;
    if (slot === undefined) return undefined;
    slot.refs++;
    let released = false;
    return {
      model: slot.model,
      release: () => {
        if (released) return;
        released = true;
        slot.refs--;
        if (slot.retired && slot.refs === 0) this.dispose(slot);
      },
    };
  }

  /**
   * Makes `next` the model of every request that starts from now on; the previous model is
   * disposed once the requests using it finish.
   * @returns the previous model (already disposed if nothing was using it)
   */
  swap(next: M): M | undefined {
    const prev = this.slot;
    this.slot = { model: next, refs: 0, retired: false, disposed: false };
    if (prev !== undefined) this.retire(prev);
    return prev?.model;
  }

  /** Stops handing out the current model; resolves when every model has been disposed. */
  close(): Promise<void> {
    const prev = this.slot;
    this.slot = undefined;
    if (prev !== undefined) this.retire(prev);
    if (this.retiring.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.drained = resolve;
    });
  }

  private retire(slot: Slot<M>): void {
    slot.retired = true;
    if (slot.refs === 0) this.dispose(slot);
    else this.retiring.add(slot);
  }

  private dispose(slot: Slot<M>): void {
    if (slot.disposed) return;
    slot.disposed = true;
    this.retiring.delete(slot);
    slot.model.dispose();
    if (this.retiring.size === 0 && this.slot === undefined && this.drained) {
      const done = this.drained;
      this.drained = undefined;
      done();
    }
  }
}
