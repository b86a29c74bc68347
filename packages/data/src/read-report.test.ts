import { DataError } from './errors';
import { ReadReportBuilder, formatReports } from './read-report';

describe('ReadReportBuilder', () => {
  it('counts rows, keeps a bounded number of truncated examples and formats a summary', () => {
    const b = new ReadReportBuilder('ratings.csv', { maxBadRowExamples: 2 });
    b.accept();
    for (let i = 0; i < 5; i++) b.reject(10 + i, 'rating is not a number', `rating "x${i}" is not a number`, 'y'.repeat(300));
    b.note('3 items lack metadata');
    const r = b.build();
    expect(r).toMatchObject({ rows: 6, accepted: 1, bad: 5, badByReason: { 'rating is not a number': 5 } });
    expect(r.examples).toHaveLength(2);
    expect(r.examples[0]!.text).toHaveLength(203);
    expect(formatReports([r])).toBe('ratings.csv: 1/6 rows, 5 bad (5 rating is not a number); first at line 10: rating "x0" is not a number; 3 items lack metadata');
  });

  it("throws a DataError naming file and line with onBadRow: 'throw'", () => {
    const b = new ReadReportBuilder('u.data', { onBadRow: 'throw' });
    let err: unknown;
    try {
      b.reject(7, 'k', 'rating "x" is not a number', 'a\tb');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({ code: 'BAD_ROW', file: 'u.data', line: 7 });
    expect((err as Error).message).toMatch(/^u\.data:7: rating "x" is not a number\. Fix the row, or pass onBadRow: 'skip'/);
  });
});
