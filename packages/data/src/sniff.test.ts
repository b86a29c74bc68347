import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { delimiterName, fileKind, peekLines, sniffDelimiter } from './sniff';

describe('file kind and delimiter', () => {
  it('tells JSON Lines from delimited text by extension', () => {
    expect(fileKind('a/events.jsonl')).toBe('jsonl');
    expect(fileKind('events.NDJSON')).toBe('jsonl');
    expect(fileKind('events.csv')).toBe('delimited');
    expect(fileKind('events.tsv')).toBe('delimited');
  });

  it('sniffs the separator that splits every line alike, quotes honoured', () => {
    expect(sniffDelimiter(['user,item,ts', 'a,b,1', 'c,"d,e",2'])).toBe(',');
    expect(sniffDelimiter(['user;item;price', 'a;b;1,5', 'c;d;2,0'])).toBe(';');
    expect(sniffDelimiter(['user\titem', 'a\tb'])).toBe('\t');
    expect(sniffDelimiter(['user|item|when', 'a|b|2024-01-01, noon'])).toBe('|');
    expect(sniffDelimiter(['only'])).toBe(',');
    expect(sniffDelimiter(['a,b'], 'x.tsv')).toBe('\t');
    expect(delimiterName('\t')).toBe('tab');
    expect(delimiterName(';')).toBe('";"');
  });

  it('peeks at the first non-blank lines with their numbers', async () => {
    const f = path.join(mkdtempSync(path.join(os.tmpdir(), 'tt-sniff-')), 'a.csv');
    writeFileSync(f, 'h\n\nx\ny\nz\n');
    expect(await peekLines(f, 3)).toEqual([
      { line: 1, text: 'h' },
      { line: 3, text: 'x' },
      { line: 4, text: 'y' },
    ]);
  });
});
