import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeMovieLensFixture } from '@twotower/data/test';
import { ConfigError } from '../config/load-config';
import { loadData } from './load-data';
import { planLines } from './describe-plan';

describe('loadData', () => {
  it('reads a MovieLens directory as before, and refuses a catalogue or columns for it', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tt-load-')), 'ml');
    await writeMovieLensFixture(dir, '100k');
    const ml = await loadData(dir);
    expect(ml.plan).toBeUndefined();
    expect(ml.dataset.items?.titles.length).toBeGreaterThan(0);
    await expect(loadData(dir, { items: 'p.csv', columns: { user: 'u' } })).rejects.toThrow(new ConfigError(`${dir} is a MovieLens directory, which brings its own catalogue and columns: data.items, data.columns (--items, --users, --*-col) apply to an interactions file`));
  });

  it('reads a log file with what the config names, and says how', async () => {
    const f = join(mkdtempSync(join(tmpdir(), 'tt-load-')), 'plays.tsv');
    writeFileSync(f, 'listener\tsong\twhen\tplays\tdevice\nl1\ts1\t1714557600000\t3\tphone\n');
    const { dataset, plan } = await loadData(f, { columns: { weight: 'plays' }, timestampFormat: 'milliseconds' });
    expect(dataset.interactions.timestamps[0]).toBe(1714557600);
    expect(planLines(plan!)).toEqual([
      `log ${f}: CSV, delimiter tab, columns listener, song, when, plays, device`,
      '  user      <- listener (by name)',
      '  item      <- song (by name)',
      '  timestamp <- when (by name): epoch milliseconds (given)',
      '  weight    <- plays (given)',
      '  no rating column: implicit feedback (every interaction is a positive)',
      '  not read: device',
    ]);
  });
});
