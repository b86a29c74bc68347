import { tf } from './tf';

export { createRandom as rng } from './random';

/** Runs `f` on the named backend and returns plain arrays of its tensors' values. */
export async function onBackend<T>(backend: string, f: () => T): Promise<T> {
  await tf.setBackend(backend);
  await tf.ready();
  return f();
}
