/** Helpers shared by this package's tests (not shipped). */
import type { Pool } from 'pg';
import { createPool, type PgPoolOptions } from './pool';

/** The test run's database (started by jest.global-setup.js), or why there is none. */
export const PG = {
  primary: process.env.TWOTOWER_PG_PRIMARY,
  replica: process.env.TWOTOWER_PG_REPLICA,
  skip: process.env.TWOTOWER_PG_PRIMARY ? undefined : (process.env.TWOTOWER_PG_SKIP_REASON ?? 'no test database was started (run the tests with jest, which starts one)'),
};

/** `describe`, or `describe.skip` with the reason printed once when there is no database. */
export function describePg(name: string, fn: () => void): void {
  if (PG.skip) {
    console.warn(`Skipping ${name}: ${PG.skip}`);
    describe.skip(name, fn);
  } else describe(name, fn);
}

let counter = 0;
/** A table name not used before in this run (`<prefix>_<pid>_<n>`). */
export function freshTable(prefix: string): string {
  return `${prefix}_${process.pid}_${++counter}`;
}

/** A pool on the test primary (or replica), closed by the caller. */
export function testPool(which: 'primary' | 'replica' = 'primary', options: PgPoolOptions = {}): Pool {
  return createPool((which === 'primary' ? PG.primary : PG.replica)!, { max: 4, ...options });
}
