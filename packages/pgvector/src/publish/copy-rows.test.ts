import { csvFloat, csvText, textArrayLiteral } from './copy-rows';

describe('COPY csv encoding', () => {
  it('quotes every text field, doubling quotes, so commas, newlines and empty strings survive', () => {
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('')).toBe('""');
    expect(csvText('two\nlines')).toBe('"two\nlines"');
  });

  it('writes text[] literals with each element quoted and \\ and " escaped', () => {
    expect(textArrayLiteral([])).toBe('{}');
    expect(textArrayLiteral(['a', 'b c', 'NULL'])).toBe('{"a","b c","NULL"}');
    expect(textArrayLiteral(['q"uote', 'back\\slash', '{x,y}'])).toBe('{"q\\"uote","back\\\\slash","{x,y}"}');
  });

  it('writes float8 values PostgreSQL reads, non-finite ones included', () => {
    expect(csvFloat(880000000.5)).toBe('880000000.5');
    expect(csvFloat(1e21)).toBe('1e+21');
    expect([csvFloat(NaN), csvFloat(Infinity), csvFloat(-Infinity)]).toEqual(['NaN', 'Infinity', '-Infinity']);
  });
});
