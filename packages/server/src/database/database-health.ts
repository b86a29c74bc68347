import type { Pool } from 'pg';

/** Milliseconds between reconnection probes while a database is down. */
const PROBE_MS = 500;

/**
 * Whether one database (a pool) answers, as the requests through it found out: a request that fails
 * to reach it marks it down ({@link markDown}); while down, a probe (`SELECT 1`) runs every 500 ms
 * and marks it up as soon as one answers, so readiness recovers without a request and without a
 * restart. {@link check} asks the database now (readiness probes).
 */
export class DatabaseHealth {
  private down: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    /** Called once each time the database goes down (`reason`) or comes back (`undefined`). */
    private readonly onChange: (reason: string | undefined) => void = () => {},
  ) {}

  /** The reason the database was last found down, or `undefined` while it answers. */
  get reason(): string | undefined {
    return this.down;
  }

  /** Records that a request could not reach the database; starts the reconnection probe. */
  markDown(reason: string): void {
    if (this.closed) return;
    if (this.down === undefined) this.onChange(reason);
    this.down = reason;
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.probe(), PROBE_MS);
    this.timer.unref();
  }

  /** Records that a request reached the database. */
  markUp(): void {
    if (this.down === undefined) return;
    this.down = undefined;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.onChange(undefined);
  }

  /** Asks the database now (`SELECT 1`): `undefined` when it answers, else the reason (and the probe starts). */
  async check(): Promise<string | undefined> {
    try {
      await this.pool.query('SELECT 1');
      this.markUp();
      return undefined;
    } catch (e) {
      const reason = (e as Error).message;
      this.markDown(reason);
      return reason;
    }
  }

  private async probe(): Promise<void> {
    if (this.closed) return;
    await this.check();
  }

  /** Stops probing. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
