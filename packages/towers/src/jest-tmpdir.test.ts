// The jest preset's global setup gives each run its own temporary folder (removed by its global
// teardown), so the mkdtemp folders these tests make leave nothing in the system temp folder.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

test('os.tmpdir() is the run’s own folder made by the jest preset, and mkdtemp lands in it', () => {
  const run = tmpdir();
  expect(basename(run)).toMatch(/^twotower-jest-.{6}$/);
  expect(process.env.TWOTOWER_JEST_TMPDIR).toBe(run);
  expect(statSync(run).isDirectory()).toBe(true);
  expect(dirname(mkdtempSync(join(tmpdir(), 'tt-check-')))).toBe(run);
});
