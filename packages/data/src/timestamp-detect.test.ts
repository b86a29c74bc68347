import { detectTimestampFormat } from './timestamp-detect';
import { parseTimestamp } from './timestamp';

describe('detectTimestampFormat', () => {
  it('tells epoch seconds, epoch milliseconds and ISO 8601 apart, with an example', () => {
    expect(detectTimestampFormat(['881250949', '891717742'])).toEqual({ format: 'seconds', description: 'epoch seconds (881250949 = 1997-12-04T15:55:49Z)' });
    expect(detectTimestampFormat([1714557600000, 1714557601000])).toEqual({ format: 'milliseconds', description: 'epoch milliseconds (1714557600000 = 2024-05-01T10:00:00Z)' });
    expect(detectTimestampFormat(['2024-05-01T10:00:00Z', '2024-05-02'])).toEqual({ format: 'iso', description: 'ISO 8601 (2024-05-01T10:00:00Z)' });
    expect(detectTimestampFormat(['2024-05-01 10:00:00'])!.description).toBe('ISO 8601 (2024-05-01 10:00:00 = 2024-05-01T10:00:00Z)');
  });

  it('decides by the median, ignores blanks, and gives up on values that are no time', () => {
    expect(detectTimestampFormat(['', null, '5', 1714557600000, 1714557600001])!.format).toBe('milliseconds');
    expect(detectTimestampFormat(['', 'soon', null])).toBeUndefined();
  });

  it('reads a date-time without a zone as UTC, whatever the machine', () => {
    expect(parseTimestamp('1970-01-02 00:00:00', 'iso')).toBe(86400);
    expect(parseTimestamp('1970-01-02T00:00', 'auto')).toBe(86400);
  });
});
