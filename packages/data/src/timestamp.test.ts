import { parseTimestamp } from './timestamp';

describe('parseTimestamp', () => {
  it('parses each format to Unix seconds', () => {
    expect(parseTimestamp('881250949', 'seconds')).toBe(881250949);
    expect(parseTimestamp(881250949, 'auto')).toBe(881250949);
    expect(parseTimestamp('1700000000500', 'milliseconds')).toBe(1700000000.5);
    expect(parseTimestamp(1700000000500, 'milliseconds')).toBe(1700000000.5);
    expect(parseTimestamp('1970-01-02T00:00:00Z', 'iso')).toBe(86400);
    expect(parseTimestamp('1970-01-02T00:00:00Z', 'auto')).toBe(86400);
    expect(parseTimestamp('12', 'auto')).toBe(12);
  });

  it('returns NaN for what the format does not allow', () => {
    expect(parseTimestamp('', 'auto')).toBeNaN();
    expect(parseTimestamp('soon', 'auto')).toBeNaN();
    expect(parseTimestamp('1970-01-02', 'seconds')).toBeNaN();
    expect(parseTimestamp(5, 'iso')).toBeNaN();
    expect(parseTimestamp(null, 'auto')).toBeNaN();
    expect(parseTimestamp({}, 'auto')).toBeNaN();
  });
});
