import { attributeValues, inferAttributeKind } from './attribute-kind';

const kind = (name: string, values: (string | null)[]) => inferAttributeKind(name, values);

describe('inferAttributeKind', () => {
  it('tells numbers, codes, labels, categories and text apart', () => {
    expect(kind('price', ['9.99', '120', null, ''])).toEqual({ kind: 'number', reason: 'numbers 9.99..120' });
    expect(kind('zip_code', ['10001', '94110'])).toMatchObject({ kind: 'category' });
    expect(kind('store', ['00123', '00456'])).toEqual({ kind: 'category', reason: 'codes (numbers with leading zeros)' });
    expect(kind('genres', ['Action|Comedy', 'Drama', 'Drama|War'])).toEqual({ kind: 'categories', reason: '1 to 2 labels separated by |' });
    expect(kind('tags', ['red', 'blue'])).toEqual({ kind: 'categories', reason: 'labels (the name says tags)' });
    expect(kind('brand', ['Acme', 'Acme', 'Globex'])).toEqual({ kind: 'category', reason: '2 distinct values' });
    expect(kind('description', ['a small red widget', 'the big blue one'])).toEqual({ kind: 'text', reason: 'text, 4.0 words on average' });
    expect(kind('name', ['Red Widget', 'Blue Gadget', 'Green Gizmo'])).toMatchObject({ kind: 'text' });
    expect(kind('empty', [null, ''])).toEqual({ kind: 'category', reason: 'no values' });
  });

  it('keeps values in the form of their kind', () => {
    expect(attributeValues('number', ['1.5', '', null])).toEqual([1.5, null, null]);
    expect(attributeValues('categories', [' a | b |', '|'])).toEqual(['a|b', null]);
    expect(attributeValues('category', [' x '])).toEqual(['x']);
  });
});
