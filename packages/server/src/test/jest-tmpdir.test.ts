// jest.config.js replaces the preset's global setup with src/test/global-setup.ts, which calls
// it: the run still gets its own temporary folder, and the fixtures are made in it.
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { fixtureRoot } from './fixtures';

test('os.tmpdir() is the run’s own folder made by the jest preset, holding the fixtures', () => {
  const run = tmpdir();
  expect(basename(run)).toMatch(/^twotower-jest-.{6}$/);
  expect(process.env.TWOTOWER_JEST_TMPDIR).toBe(run);
  expect(dirname(fixtureRoot())).toBe(run);
});
