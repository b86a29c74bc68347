import { rmSync } from 'node:fs';
import presetGlobalTeardown from '@twotower/jest-preset/global-teardown';
import { FIXTURE_ENV } from './fixtures';

/** Removes the fixture artifacts, then (last, as this replaces the preset's) the run's temporary folder. */
export default async function globalTeardown(): Promise<void> {
  try {
    const dir = process.env[FIXTURE_ENV];
    if (dir) rmSync(dir, { recursive: true, force: true });
  } finally {
    presetGlobalTeardown();
  }
}
