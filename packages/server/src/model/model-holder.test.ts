import { ModelHolder } from './model-holder';

class Fake {
  disposed = 0;
  constructor(readonly name: string) {}
  dispose() {
    this.disposed++;
  }
}

describe('ModelHolder', () => {
  it('hands out the current model; a swap retires the old one once its leases are released', () => {
    const h = new ModelHolder<Fake>();
    expect(h.acquire()).toBeUndefined();
    const a = new Fake('a');
    const b = new Fake('b');
    h.swap(a);
    const l1 = h.acquire()!;
    const l2 = h.acquire()!;
    expect(l1.model).toBe(a);
    expect(h.swap(b)).toBe(a);
    expect(h.current).toBe(b);
    expect(h.acquire()!.model).toBe(b);
    expect(a.disposed).toBe(0); // still in use by two requests
    expect(h.retiringCount).toBe(1);
    l1.release();
    l1.release(); // a second release is a no-op
    expect(a.disposed).toBe(0);
    l2.release();
    expect(a.disposed).toBe(1);
    expect(h.retiringCount).toBe(0);
  });

  it('disposes an unused model at once when swapped out', () => {
    const h = new ModelHolder<Fake>();
    const a = new Fake('a');
    h.swap(a);
    h.swap(new Fake('b'));
    expect(a.disposed).toBe(1);
  });

  it('close() waits for every lease, then disposes, and hands out nothing more', async () => {
    const h = new ModelHolder<Fake>();
    const a = new Fake('a');
    const b = new Fake('b');
    h.swap(a);
    const la = h.acquire()!;
    h.swap(b);
    const lb = h.acquire()!;
    let closed = false;
    const done = h.close().then(() => (closed = true));
    expect(h.acquire()).toBeUndefined();
    await Promise.resolve();
    expect(closed).toBe(false);
    la.release();
    await Promise.resolve();
    expect(closed).toBe(false);
    lb.release();
    await done;
    expect([a.disposed, b.disposed]).toEqual([1, 1]);
    await expect(new ModelHolder<Fake>().close()).resolves.toBeUndefined();
  });
});
