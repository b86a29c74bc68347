import { rmSync } from 'node:fs';
import { FIXTURE_ENV } from './fixtures';

/** Removes the fixture artifacts. */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env[FIXTURE_ENV];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
