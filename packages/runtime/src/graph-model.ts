/**
 * `tf.loadGraphModel` without making every install carry `@tensorflow/tfjs-converter` (25 MB):
 * the converter is loaded on the first call, from the application's own dependencies. It is not
 * even an optional peer dependency: npm keeps an optional peer that another package brought in
 * (tfjs-node's umbrella, whose failed install is otherwise pruned), which costs the 25 MB again.
 */
import type { InferenceModel, io, NamedTensorMap, Tensor } from '@tensorflow/tfjs-core';

/** The converter's `GraphModel` as twotower uses it (a TensorFlow SavedModel / frozen graph converted for tfjs). */
export interface GraphModel extends InferenceModel {
  /** Runs the graph; `outputs` names the nodes to return (default: the model's outputs). */
  execute(inputs: Tensor | Tensor[] | NamedTensorMap, outputs?: string | string[]): Tensor | Tensor[];
  /** Runs the graph, awaiting control-flow ops; `outputs` names the nodes to return (default: the model's outputs). */
  executeAsync(inputs: Tensor | Tensor[] | NamedTensorMap, outputs?: string | string[]): Promise<Tensor | Tensor[]>;
  /** Frees the model's weights. */
  dispose(): void;
}

/** The message of the error `loadGraphModel` throws when the converter is not installed. */
export const CONVERTER_MISSING =
  'tf.loadGraphModel needs @tensorflow/tfjs-converter, which @twotower/runtime leaves out of its install (25 MB): ' +
  'npm install @tensorflow/tfjs-converter@4.22.0';

/**
 * Loads a graph model (`model.json` and its weight files, or any `io.IOHandler`) with
 * `@tensorflow/tfjs-converter`, on the tfjs instance of this package.
 *
 * @throws Error (`npm install @tensorflow/tfjs-converter@4.22.0`) when the converter is not installed.
 */
export async function loadGraphModel(modelUrl: string | io.IOHandler, options?: io.LoadOptions): Promise<GraphModel> {
  let converter: { loadGraphModel(url: string | io.IOHandler, options?: io.LoadOptions): Promise<GraphModel> };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    converter = require('@tensorflow/tfjs-converter');
  } catch (error) {
    if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error(CONVERTER_MISSING, { cause: error });
  }
  return converter.loadGraphModel(modelUrl, options);
}
