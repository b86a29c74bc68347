// The jest preset's global setup gives each run its own temporary folder (removed by its global
// teardown), so the mkdtemp folders these tests make leave nothing in the system temp folder; a
// folder an interrupted run left is removed by the next run's setup.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { OWNER_FILE, removeAbandonedRuns } from '@twotower/jest-preset/global-setup';

test('os.tmpdir() is the run’s own folder made by the jest preset, and mkdtemp lands in it', () => {
  const run = tmpdir();
  expect(basename(run)).toMatch(/^twotower-jest-.{6}$/);
  expect(process.env.TWOTOWER_JEST_TMPDIR).toBe(run);
  expect(statSync(run).isDirectory()).toBe(true);
  expect(dirname(mkdtempSync(join(tmpdir(), 'tt-check-')))).toBe(run);
});

test('the run’s folder names its jest process, which is running', () => {
  const pid = Number(readFileSync(join(tmpdir(), OWNER_FILE), 'utf8'));
  expect(Number.isInteger(pid) && pid > 0).toBe(true);
  expect(() => process.kill(pid, 0)).not.toThrow();
});

test('removeAbandonedRuns removes the run folders whose jest process is gone, and nothing else', () => {
  const base = mkdtempSync(join(tmpdir(), 'abandoned-'));
  // a process that has exited: its id names no running process
  const gone = spawnSync(process.execPath, ['-e', '']).pid!;
  const folder = (name: string, owner?: number) => {
    const dir = join(base, name);
    mkdirSync(join(dir, 'pg'), { recursive: true });
    writeFileSync(join(dir, 'pg', 'data'), 'x');
    if (owner !== undefined) writeFileSync(join(dir, OWNER_FILE), String(owner));
    return dir;
  };
  const abandoned = folder('twotower-jest-gone01', gone);
  const running = folder('twotower-jest-live01', process.pid);
  const unowned = folder('twotower-jest-none01');
  const garbled = folder('twotower-jest-bad001');
  writeFileSync(join(garbled, OWNER_FILE), 'not a pid');
  const other = folder('someone-else', gone);

  expect(removeAbandonedRuns(base)).toEqual([abandoned]);
  expect(existsSync(abandoned)).toBe(false);
  for (const kept of [running, unowned, garbled, other]) expect(existsSync(kept)).toBe(true);
  expect(removeAbandonedRuns(join(base, 'missing'))).toEqual([]);
});
