import { cleanTitle, textForItems } from './text-for-items';
import { TextInputError } from './errors';

describe('cleanTitle', () => {
  it('strips the MovieLens year and moves trailing articles to the front', () => {
    expect(cleanTitle('Toy Story (1995)')).toBe('Toy Story');
    expect(cleanTitle('Shawshank Redemption, The (1994)')).toBe('The Shawshank Redemption');
    expect(cleanTitle('City of Lost Children, The (Cité des enfants perdus, La) (1995)')).toBe('The City of Lost Children (Cité des enfants perdus, La)');
    expect(cleanTitle('Haunted World of Edward D. Wood Jr., The (1995)')).toBe('The Haunted World of Edward D. Wood Jr.');
    expect(cleanTitle("Homme et une femme, Un (1966)")).toBe('Homme et une femme, Un');
    expect(cleanTitle('1-900 (1994)')).toBe('1-900');
  });

  it('keeps the title as it is when asked', () => {
    expect(cleanTitle('Shawshank Redemption, The (1994)', { stripYear: false, frontArticle: false })).toBe('Shawshank Redemption, The (1994)');
    expect(cleanTitle('Shawshank Redemption, The (1994)', { stripYear: false })).toBe('The Shawshank Redemption (1994)');
  });
});

describe('textForItems', () => {
  it('joins title, description and (when asked) genres, deterministically', () => {
    const columns = {
      titles: ['Toy Story (1995)', 'Heat (1995)', 'Unknown?'],
      descriptions: ['Toys come alive.', '', 'A mystery'],
      genres: [['Animation', 'Comedy'], ['Action'], []],
    };
    expect(textForItems(columns)).toEqual(['Toy Story. Toys come alive.', 'Heat', 'Unknown? A mystery']);
    expect(textForItems(columns, { withGenres: true })).toEqual([
      'Toy Story. Toys come alive. Genres: Animation, Comedy.',
      'Heat. Genres: Action.',
      'Unknown? A mystery',
    ]);
    expect(textForItems(columns)).toEqual(textForItems(columns));
    expect(textForItems({ descriptions: ['only text'] })).toEqual(['only text']);
  });

  it('names the column or item at fault', () => {
    expect(() => textForItems({})).toThrow(TextInputError);
    expect(() => textForItems({ titles: ['a', 'b'], descriptions: ['x'] })).toThrow(/^descriptions: has 1 entries but titles has 2/);
    expect(() => textForItems({ titles: ['a', ' (1999)'] })).toThrow(/^item 1: has no title/);
  });
});
