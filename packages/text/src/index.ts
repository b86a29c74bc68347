export { loadTextEncoder } from './sentence-encoder';
export type { SentenceEncoder, LoadTextEncoderOptions, EncodeOptions } from './sentence-encoder';
export { SentencePieceTokenizer } from './tokenizer';
export type { VocabularyEntry } from './tokenizer';
export { MODEL_PACKAGE } from './model-files';
export { TextInputError } from './errors';
export { textForItems, cleanTitle } from './text-for-items';
export type { ItemTextColumns, TextForItemsOptions } from './text-for-items';
