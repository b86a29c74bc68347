import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SentencePieceTokenizer } from './tokenizer';
import type { VocabularyEntry } from './tokenizer';
import { MODEL_PACKAGE } from './model-files';

describe('SentencePieceTokenizer', () => {
  it('gives the ids of the reference tokenizer (@energetic-ai/embeddings 0.2.0) on the USE vocabulary', () => {
    const dir = join(dirname(require.resolve(`${MODEL_PACKAGE}/package.json`)), 'dist');
    const vocab = JSON.parse(readFileSync(join(dir, 'vocab.json'), 'utf8')) as VocabularyEntry[];
    const tok = new SentencePieceTokenizer(vocab);
    expect(tok.vocabularySize).toBe(8000);
    // ids recorded from the reference implementation
    expect(tok.encode('Toy Story')).toEqual([393, 48, 481, 1364]);
    expect(tok.encode("Schindler's List")).toEqual([2083, 97, 29, 936, 13, 7, 5101]);
    expect(tok.encode('Ça ira 😀 naïve café')).toEqual([30, 0, 86, 103, 276, 30, 0, 1216, 0, 105, 976, 209, 1133]);
    expect(tok.encode('  double  spaces ')).toEqual([30, 30, 1991, 30, 1016, 7, 30]);
    expect(tok.encode('')).toEqual([]);
  });

  it('picks the highest-scoring segmentation and merges runs of unknown symbols', () => {
    const vocab: VocabularyEntry[] = [
      ['\ufffd', 0], ['<s>', 0], ['</s>', 0], ['e1', 0], ['e2', 0], ['e3', 0],
      ['\u2581', -1], ['\u2581ab', -2], ['\u2581a', -1], ['b', -5], ['c', -1], ['a', -3],
    ];
    const tok = new SentencePieceTokenizer(vocab);
    expect(tok.encode('ab')).toEqual([7]); // ▁ab (-2) beats ▁a + b (-6)
    expect(tok.encode('ac')).toEqual([8, 10]); // ▁a (-1) beats ▁ + a (-4)
    expect(tok.encode('azzc')).toEqual([8, 0, 10]); // zz: one unknown id
  });
});
