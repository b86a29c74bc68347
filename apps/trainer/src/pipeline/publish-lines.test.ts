import { publishProgress } from './publish-lines';

describe('publishProgress', () => {
  it('says each small table once when copied and once when indexed', () => {
    const lines: string[] = [];
    const on = publishProgress((l) => lines.push(l));
    on({ phase: 'copy', table: 'items', done: 0, total: 1682 });
    on({ phase: 'copy', table: 'items', done: 1682, total: 1682 });
    on({ phase: 'copy', table: 'items', done: 1682, total: 1682 });
    on({ phase: 'index', table: 'items', done: 0, total: 1 });
    on({ phase: 'index', table: 'items', done: 1, total: 1 });
    expect(lines).toEqual([expect.stringMatching(/^ {2}items: 1,682 rows copied \(\d+\.\d s\)$/), expect.stringMatching(/^ {2}items: index built \(\d+\.\d s\)$/)]);
  });

  it('follows a large table by quarters and says when its index build starts', () => {
    const lines: string[] = [];
    const on = publishProgress((l) => lines.push(l));
    for (const done of [0, 100_000, 250_000, 260_000, 500_000, 999_999, 1_000_000]) on({ phase: 'copy', table: 'items', done, total: 1_000_000 });
    on({ phase: 'index', table: 'items', done: 0, total: 1 });
    expect(lines.map((l) => l.replace(/\(\d+\.\d s\)/, '(s)'))).toEqual([
      '  items: copying 1,000,000 rows',
      '  items: 250,000 of 1,000,000 rows',
      '  items: 500,000 of 1,000,000 rows',
      '  items: 999,999 of 1,000,000 rows',
      '  items: 1,000,000 rows copied (s)',
      '  items: building its index',
    ]);
  });
});
