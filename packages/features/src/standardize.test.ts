import { standardize, tokenize } from './standardize';

describe('tokenize', () => {
  it('lowercases, strips punctuation and splits on whitespace', () => {
    expect(tokenize('Star Wars (1977)')).toEqual(['star', 'wars', '1977']);
    expect(tokenize("Mr. Holland's Opus (1995)")).toEqual(['mr', 'hollands', 'opus', '1995']);
    expect(tokenize('Wallace & Gromit: The Best of Aardman Animation (1996)')).toEqual(['wallace', 'gromit', 'the', 'best', 'of', 'aardman', 'animation', '1996']);
    expect(tokenize('  Usual Suspects, The (1995)  ')).toEqual(['usual', 'suspects', 'the', '1995']);
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' ... ')).toEqual([]);
  });

  it('is Unicode-aware: letters kept and lowercased, Unicode punctuation and symbols removed', () => {
    expect(tokenize('Amélie (2001)')).toEqual(['amélie', '2001']);
    expect(tokenize('ÉCOLE «Über» “Straße” ¿Qué? €5 😀')).toEqual(['école', 'über', 'straße', 'qué', '5']);
    expect(tokenize('Кино\u00a0ДЛЯ\tвсех\nи')).toEqual(['кино', 'для', 'всех', 'и']); // NBSP, tab, newline split
    expect(tokenize('東京物語 (1953)')).toEqual(['東京物語', '1953']);
  });

  it('normalises to NFC so composed and decomposed accents are one token', () => {
    const composed = 'Caf\u00e9';
    const decomposed = 'Cafe\u0301';
    expect(tokenize(decomposed)).toEqual(tokenize(composed));
  });

  it('supports the other standardisation modes', () => {
    expect(standardize('A-b C!', 'lower')).toBe('a-b c!');
    expect(standardize('A-b C!', 'strip_punctuation')).toBe('Ab C');
    expect(standardize('A-b C!', 'none')).toBe('A-b C!');
    expect(tokenize('A-b C!', 'none')).toEqual(['A-b', 'C!']);
  });

  it('takes a fast path on ASCII text that equals the Unicode regex path', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const modes = ['lower_and_strip_punctuation', 'lower', 'strip_punctuation', 'none'] as const;
    for (let k = 0; k < 2000; k++) {
      const text = String.fromCharCode(...Array.from({ length: rand(24) }, () => (rand(3) === 0 ? [32, 9, 10, 46, 39, 40][rand(6)]! : rand(128))));
      for (const mode of modes) {
        const reference = standardize(text, mode).split(/\s+/u).filter((t) => t !== '');
        expect(tokenize(text, mode)).toEqual(reference);
      }
    }
  });
});
