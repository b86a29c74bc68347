import { tf } from '@twotower/runtime';

/** Copies a tensor's values into `out` (on wasm straight from its heap, without an extra copy). */
export function readInto(t: tf.Tensor, out: Float32Array): void {
  const backend = tf.backend() as unknown as { typedArrayFromHeap?: (t: tf.Tensor) => Float32Array };
  if (tf.getBackend() === 'wasm' && typeof backend.typedArrayFromHeap === 'function') {
    out.set(backend.typedArrayFromHeap(t));
  } else {
    out.set(t.dataSync() as Float32Array);
  }
}
