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

/** Clean one text by `mode` (see {@link Standardize}). */
export function standardize(text: string, mode: Standardize = 'lower_and_strip_punctuation'): string {
  let s = text.normalize('NFC');
  if (mode === 'lower_and_strip_punctuation' || mode === 'lower') s = s.toLowerCase();
  if (mode === 'lower_and_strip_punctuation' || mode === 'strip_punctuation') s = s.replace(PUNCTUATION, '');
  return s;
}

/** ASCII punctuation and symbols (the ASCII members of Unicode P* and S*). */
function isAsciiPunctuation(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/**
 * One-pass tokenizer for pure-ASCII text, equal to the regex path on such text; returns `null` at the
 * first non-ASCII character so the caller falls back to the Unicode path.
 */
function tokenizeAscii(text: string, lower: boolean, strip: boolean): string[] | null {
  const s = lower ? text.toLowerCase() : text;
  const out: string[] = [];
  let token = '';
  let inToken = false;
  let runStart = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return null;
    if (c === 32 || (c >= 9 && c <= 13)) {
      if (inToken) {
        out.push(runStart >= 0 ? token + s.slice(runStart, i) : token);
        token = '';
        inToken = false;
      }
      runStart = -1;
    } else if (strip && isAsciiPunctuation(c)) {
      if (runStart >= 0) {
        token += s.slice(runStart, i);
        runStart = -1;
      }
    } else {
      if (runStart < 0) runStart = i;
      inToken = true;
    }
  }
  if (inToken) out.push(runStart >= 0 ? token + s.slice(runStart) : token);
  return out;
}

/**
 * Standardise `text` and split it on Unicode whitespace, dropping empty pieces.
 * @example tokenize('Star Wars (1977)') // ['star', 'wars', '1977']
 */
export function tokenize(text: string, mode: Standardize = 'lower_and_strip_punctuation'): string[] {
  const fast = tokenizeAscii(text, mode === 'lower_and_strip_punctuation' || mode === 'lower', mode === 'lower_and_strip_punctuation' || mode === 'strip_punctuation');
  if (fast !== null) return fast;
  const parts = standardize(text, mode).split(WHITESPACE);
  if (parts.length > 0 && parts[0] === '') parts.shift();
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
