import { tf } from '@twotower/runtime';
import type { Tower } from './tower';

/** A named float32 array with its shape, as weights files hold them. */
export interface NamedArray {
  name: string;
  shape: number[];
  data: Float32Array;
}

/**
 * The state of towers as named arrays: embedding tables, MLP variables and, with
 * `optimizer: true`, the optimisers' slots (to resume training exactly).
 */
export async function collectState(towers: Tower[], denseOptimizer: tf.Optimizer | null, optimizer: boolean): Promise<NamedArray[]> {
  const out: NamedArray[] = [];
  for (const t of towers) {
    for (const [name, table] of t.inputs.tables) {
      const base = `${t.name}/${name}/embeddings`;
      out.push({ name: base, shape: [table.vocabularySize, table.dim], data: table.weights });
      if (optimizer) {
        const o = table.optimizer;
        if (o.slot1.length) out.push({ name: `${base}/slot1`, shape: [o.slot1.length], data: o.slot1 });
        if (o.slot2.length) out.push({ name: `${base}/slot2`, shape: [o.slot2.length], data: o.slot2 });
        out.push({ name: `${base}/step`, shape: [1], data: Float32Array.of(o.step) });
      }
    }
    t.mlp.variables.forEach((v, i) => out.push({ name: t.mlp.names[i]!, shape: v.shape, data: v.dataSync() as Float32Array }));
  }
  if (optimizer && denseOptimizer) {
    const toStable = renamer(towers, 'toStable');
    const weights = await denseOptimizer.getWeights();
    for (const w of weights) {
      out.push({ name: `optimizer/${toStable(w.name)}`, shape: w.tensor.shape, data: Float32Array.from(w.tensor.dataSync()) });
    }
    // the slots are the optimiser's own variables; the iteration count is a fresh scalar
    for (const w of weights) if (!(w.tensor instanceof tf.Variable)) w.tensor.dispose();
  }
  return out;
}

/** Restores what {@link collectState} produced; names and shapes must match (clear error otherwise). */
export async function restoreState(
  towers: Tower[],
  denseOptimizer: tf.Optimizer | null,
  state: Map<string, { shape: number[]; data: Float32Array }>,
  optimizer: boolean,
): Promise<void> {
  const take = (name: string, shape: number[]) => {
    const e = state.get(name);
    if (!e) throw new Error(`weights have no "${name}": they were saved from a model with another configuration`);
    if (e.shape.join('x') !== shape.join('x')) {
      throw new Error(`weight "${name}" has shape [${e.shape}] but the model expects [${shape}]: the configuration or the fitted vocabularies differ`);
    }
    return e.data;
  };
  for (const t of towers) {
    for (const [name, table] of t.inputs.tables) {
      const base = `${t.name}/${name}/embeddings`;
      table.weights.set(take(base, [table.vocabularySize, table.dim]));
      if (optimizer) {
        const o = table.optimizer;
        if (o.slot1.length) o.slot1.set(take(`${base}/slot1`, [o.slot1.length]));
        if (o.slot2.length) o.slot2.set(take(`${base}/slot2`, [o.slot2.length]));
        o.step = take(`${base}/step`, [1])[0]!;
      }
    }
    t.mlp.variables.forEach((v, i) => {
      const value = tf.tensor(take(t.mlp.names[i]!, v.shape), v.shape);
      v.assign(value);
      value.dispose();
    });
  }
  if (optimizer && denseOptimizer) {
    const toLive = renamer(towers, 'toLive');
    const named = [...state.entries()].filter(([k]) => k.startsWith('optimizer/'));
    if (named.length) {
      const values = named.map(([k, v]) => ({ name: toLive(k.slice('optimizer/'.length)), tensor: tf.tensor(v.data, v.shape) }));
      await denseOptimizer.setWeights(values);
      // setWeights makes variables of its own from these
      tf.dispose(values.map((v) => v.tensor));
    }
  }
}

/** Maps optimiser slot names between live tfjs variable names and the stable names in files. */
function renamer(towers: Tower[], direction: 'toStable' | 'toLive'): (name: string) => string {
  const pairs: [string, string][] = [];
  for (const t of towers) t.mlp.variables.forEach((v, i) => pairs.push([v.name, t.mlp.names[i]!]));
  // longest first, so "a/dense_1" never matches inside "a/dense_10"
  pairs.sort((a, b) => b[0].length - a[0].length);
  return (name) => {
    for (const [live, stable] of pairs) {
      const [from, to] = direction === 'toStable' ? [live, stable] : [stable, live];
      if (name === from || name.startsWith(`${from}/`)) return to + name.slice(from.length);
    }
    return name;
  };
}
