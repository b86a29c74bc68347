/**
 * How text is cleaned before splitting (the names follow Keras' `TextVectorization`):
 * - `'lower_and_strip_punctuation'`: lowercase, then remove punctuation and symbols;
 * - `'lower'`: lowercase only;
 * - `'strip_punctuation'`: remove punctuation and symbols only;
 * - `'none'`: leave the text as it is.
 *
 * Every mode first normalises to Unicode NFC (so a precomposed "é" and "e" + U+0301 are one token).
 * Punctuation and symbols are the Unicode categories P* and S* (ASCII `!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~`
 * and also e.g. «», “”, ¿, €, emoji); they are removed, not replaced by a space, as Keras does
 * ("Don't" → "dont", "Star Wars (1977)" → "star wars 1977").
 */
export type Standardize = 'lower_and_strip_punctuation' | 'lower' | 'strip_punctuation' | 'none';

/** The standardisation modes {@link standardize} accepts. */
export const STANDARDIZE_MODES: readonly Standardize[] = ['lower_and_strip_punctuation', 'lower', 'strip_punctuation', 'none'];

const PUNCTUATION = /[\p{P}\p{S}]/gu;
const WHITESPACE = /\s+/u;
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Clean one text by `mode` (see {@link Standardize}). */
export function standardize(text: string, mode: Standardize = 'lower_and_strip_punctuation'): string {
  let s = ASCII_ONLY.test(text) ? text : text.normalize('NFC');
  if (mode === 'lower_and_strip_punctuation' || mode === 'lower') s = s.toLowerCase();
  if (mode === 'lower_and_strip_punctuation' || mode === 'strip_punctuation') s = s.replace(PUNCTUATION, '');
  return s;
}

/**
 * Standardise `text` and split it on Unicode whitespace, dropping empty pieces.
 * @example tokenize('Star Wars (1977)') // ['star', 'wars', '1977']
 */
export function tokenize(text: string, mode: Standardize = 'lower_and_strip_punctuation'): string[] {
  const parts = standardize(text, mode).split(WHITESPACE);
  if (parts.length > 0 && parts[0] === '') parts.shift();
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
