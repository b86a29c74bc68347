/**
 * The SentencePiece (unigram) tokenizer of the Universal Sentence Encoder lite: NFKC, spaces
 * become `▁`, then the highest-scoring segmentation into vocabulary pieces (Viterbi over a
 * trie). A port of the tokenizer of `@tensorflow-models/universal-sentence-encoder` (Apache-2.0,
 * Copyright 2019 Google LLC), kept step for step so that ids match the reference exactly.
 */

/** `▁`, SentencePiece's word separator. */
const SEPARATOR = '\u2581';
/** Ids 0..5 are `<unk>`, `<s>`, `</s>` and three extra tokens: never produced from text. */
const RESERVED = 6;

/** One vocabulary entry: the piece and its log-probability. */
export type VocabularyEntry = readonly [piece: string, score: number];

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Vocabulary id of the piece ending here, or -1. */
  id: number;
}

function newNode(): TrieNode {
  return { children: new Map(), id: -1 };
}

/** Splits tokens by code points (so a surrogate pair is one symbol). */
function symbols(text: string): string[] {
  return Array.from(text);
}

/** Text → piece ids; build once per vocabulary (8,000 pieces: a few milliseconds). */
export class SentencePieceTokenizer {
  private readonly root = newNode();
  /** Symbols (code points) of each piece: how far a piece reaches in the Viterbi pass. */
  private readonly lengths: Int32Array;
  /** UTF-16 length of each piece: how far the reference steps back when reading the best path. */
  private readonly backLengths: Int32Array;
  private readonly scores: Float64Array;

  /** @param vocabulary `[piece, score]` per id, as in the model's `vocab.json`. */
  constructor(vocabulary: readonly VocabularyEntry[]) {
    this.lengths = new Int32Array(vocabulary.length);
    this.backLengths = new Int32Array(vocabulary.length);
    this.scores = new Float64Array(vocabulary.length);
    for (let id = 0; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id]!;
      const chars = symbols(piece);
      this.lengths[id] = chars.length;
      this.backLengths[id] = piece.length;
      this.scores[id] = score;
      if (id < RESERVED) continue;
      let node = this.root;
      for (const c of chars) {
        let next = node.children.get(c);
        if (next === undefined) {
          next = newNode();
          node.children.set(c, next);
        }
        node = next;
      }
      node.id = id;
    }
  }

  /** Number of pieces in the vocabulary. */
  get vocabularySize(): number {
    return this.lengths.length;
  }

  /**
   * Piece ids of one text; `[]` for an empty text. Unknown characters become id 0, and a run of
   * them one id 0.
   */
  encode(text: string): number[] {
    const normalized = text.normalize('NFKC');
    if (normalized.length === 0) return [];
    const chars = symbols(SEPARATOR + normalized.replace(/ /g, SEPARATOR));
    const n = chars.length;
    // candidates[end] lists [start, id] of the pieces ending at `end`, grouped by start as the
    // reference's object keys (ascending start, then insertion order).
    const byEnd: Map<number, number[]>[] = [];
    for (let i = 0; i <= n; i++) byEnd.push(new Map());
    for (let i = 0; i < n; i++) {
      let node = this.root.children.get(chars[i]!);
      let found = false;
      for (let j = i; j < n && node !== undefined; j++) {
        if (node.id >= 0) {
          push(byEnd[j + 1]!, i, node.id);
          found = true;
        }
        node = j + 1 < n ? node.children.get(chars[j + 1]!) : undefined;
      }
      if (!found) push(byEnd[i + 1]!, i, 0);
    }
    const best = new Float64Array(n + 1);
    const words = new Int32Array(n + 1);
    for (let end = 0; end <= n; end++) {
      const starts = [...byEnd[end]!.keys()].sort((a, b) => a - b);
      for (const start of starts) {
        for (const id of byEnd[end]!.get(start)!) {
          // the unknown piece spans one symbol whatever the vocabulary says
          const len = id === 0 ? 1 : this.lengths[id]!;
          const score = (id === 0 ? 0 : this.scores[id]!) + best[end - len]!;
          if (best[end] === 0 || score >= best[end]!) {
            best[end] = score;
            words[end] = id;
          }
        }
      }
    }
    const reversed: number[] = [];
    for (let at = n; at > 0; ) {
      const id = words[at]!;
      reversed.push(id);
      at -= this.backLengths[id]!;
    }
    const out: number[] = [];
    let previousUnknown = false;
    for (const id of reversed) {
      if (!(previousUnknown && id === 0)) out.push(id);
      previousUnknown = id === 0;
    }
    return out.reverse();
  }
}

function push(map: Map<number, number[]>, start: number, id: number): void {
  const list = map.get(start);
  if (list === undefined) map.set(start, [id]);
  else list.push(id);
}
