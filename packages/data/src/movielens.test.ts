import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectMovieLensLayout, readMovieLens } from './movielens';
import { writeMovieLensFixture } from './test';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'twotower-ml-'));

describe('readMovieLens', () => {
  it('detects each layout and reads it', async () => {
    for (const layout of ['100k', 'dat', 'csv'] as const) {
      const dir = await writeMovieLensFixture(path.join(tmp, layout), layout);
      expect(detectMovieLensLayout(dir)).toEqual({ layout, dir });
      const ds = await readMovieLens(dir);
      expect(ds.interactions.length).toBe(300);
      expect(ds.items!.titles.length).toBe(ds.interactions.itemIds.length);
    }
  });

  it('looks into a single sub-directory (an archive extracted one level up)', async () => {
    const outer = path.join(tmp, 'outer');
    await writeMovieLensFixture(path.join(outer, 'ml-1m'), 'dat');
    expect(detectMovieLensLayout(outer)).toEqual({ layout: 'dat', dir: path.join(outer, 'ml-1m') });
    expect((await readMovieLens(outer)).name).toBe('ml-1m');
  });

  it('explains what is wrong with a directory that is not MovieLens', async () => {
    const empty = path.join(tmp, 'empty');
    mkdirSync(empty);
    await expect(readMovieLens(empty)).rejects.toMatchObject({ code: 'UNKNOWN_LAYOUT' });
    await expect(readMovieLens(empty)).rejects.toThrow(/readInteractionsCsv/);
    await expect(readMovieLens(path.join(tmp, 'absent'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
