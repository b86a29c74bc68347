import { tf } from '@twotower/runtime';
import type { EmbeddingTable } from './embedding-table';
import type { Tower } from './tower';

/** A named float32 array with its shape, as weights files hold them. */
export interface NamedArray {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** What a model's state is made of: named embedding tables and named dense variables. */
export interface StateParts {
  /** `[stable name, table]`; the table's rows are saved as `<name>`, its optimiser slots as `<name>/slot1|slot2|step`. */
  tables: [string, EmbeddingTable][];
  /** `[stable name, variable]`: names in files do not depend on the per-instance tfjs names. */
  variables: [string, tf.Variable][];
  /** The tfjs optimiser of the dense variables. */
  optimizer: tf.Optimizer;
}

/**
 * The state as named arrays: tables, dense variables and, with `withOptimizer`, every optimiser
 * slot (sparse per table, dense under `optimizer/<stable variable name>/...`).
 */
export async function collectState(parts: StateParts, withOptimizer: boolean): Promise<NamedArray[]> {
  const out: NamedArray[] = [];
  for (const [name, table] of parts.tables) {
    out.push({ name, shape: [table.vocabularySize, table.dim], data: table.weights });
    if (withOptimizer) {
      const o = table.optimizer;
      if (o.slot1.length) out.push({ name: `${name}/slot1`, shape: [o.slot1.length], data: o.slot1 });
      if (o.slot2.length) out.push({ name: `${name}/slot2`, shape: [o.slot2.length], data: o.slot2 });
      out.push({ name: `${name}/step`, shape: [1], data: Float32Array.of(o.step) });
    }
  }
  for (const [name, v] of parts.variables) out.push({ name, shape: v.shape, data: v.dataSync() as Float32Array });
  if (withOptimizer) {
    const toStable = renamer(parts.variables, 'toStable');
    for (const w of await parts.optimizer.getWeights()) {
      out.push({ name: `optimizer/${toStable(w.name)}`, shape: w.tensor.shape, data: Float32Array.from(w.tensor.dataSync()) });
      // the slots are the optimiser's own variables; the iteration count is a fresh scalar
      if (!(w.tensor instanceof tf.Variable)) w.tensor.dispose();
    }
  }
  return out;
}

/** Restores what {@link collectState} produced; names and shapes must match (an error names the first that does not, or the entries the model has no place for). */
export async function restoreState(parts: StateParts, state: Map<string, { shape: number[]; data: Float32Array }>, withOptimizer: boolean): Promise<void> {
  const take = (name: string, shape: readonly number[]) => {
    const e = state.get(name);
    if (!e) throw new Error(`weights have no "${name}": they were saved from a model with another configuration`);
    if (e.shape.join('x') !== shape.join('x')) {
      throw new Error(`weight "${name}" has shape [${e.shape}] but the model expects [${shape}]: the configuration or the fitted vocabularies differ`);
    }
    return e.data;
  };
  // check everything before changing anything
  for (const [name, table] of parts.tables) take(name, [table.vocabularySize, table.dim]);
  for (const [name, v] of parts.variables) take(name, v.shape);
  const extra = unexpectedNames(parts, state.keys());
  if (extra.length > 0) {
    throw new Error(
      `weights have ${extra.length === 1 ? 'an entry' : 'entries'} this model has no place for (${extra.slice(0, 5).map((n) => `"${n}"`).join(', ')}${extra.length > 5 ? ', ...' : ''}): they were saved from a model with another configuration (more inputs or layers); load them into the configuration they were saved with`,
    );
  }
  for (const [name, table] of parts.tables) {
    table.weights.set(take(name, [table.vocabularySize, table.dim]));
    if (withOptimizer) {
      const o = table.optimizer;
      if (o.slot1.length) o.slot1.set(take(`${name}/slot1`, [o.slot1.length]));
      if (o.slot2.length) o.slot2.set(take(`${name}/slot2`, [o.slot2.length]));
      o.step = take(`${name}/step`, [1])[0]!;
    }
  }
  for (const [name, v] of parts.variables) {
    const t = tf.tensor(take(name, v.shape), v.shape);
    v.assign(t);
    t.dispose();
  }
  if (withOptimizer) {
    const toLive = renamer(parts.variables, 'toLive');
    const named = [...state.entries()].filter(([k]) => k.startsWith('optimizer/'));
    if (named.length) {
      const given = named.map(([k, v]) => ({ name: toLive(k.slice('optimizer/'.length)), tensor: tf.tensor(v.data, v.shape) }));
      // tfjs optimisers copy what they are given into variables of their own
      await parts.optimizer.setWeights(given);
      tf.dispose(given.map((g) => g.tensor));
    }
  }
}

/** Names in a weights file that are none of the model's tables, their optimiser slots, its variables or optimiser entries. */
function unexpectedNames(parts: StateParts, names: Iterable<string>): string[] {
  const known = new Set<string>();
  for (const [name] of parts.tables) for (const n of [name, `${name}/slot1`, `${name}/slot2`, `${name}/step`]) known.add(n);
  for (const [name] of parts.variables) known.add(name);
  return [...names].filter((n) => !known.has(n) && !n.startsWith('optimizer/'));
}

/** Maps optimiser slot names between live tfjs variable names and the stable names in files. */
function renamer(variables: [string, tf.Variable][], direction: 'toStable' | 'toLive'): (name: string) => string {
  const pairs: [string, string][] = variables.map(([stable, v]) => (direction === 'toStable' ? [v.name, stable] : [stable, v.name]));
  // longest first, so "a/dense_1" never matches inside "a/dense_10"
  pairs.sort((a, b) => b[0].length - a[0].length);
  return (name) => {
    for (const [from, to] of pairs) if (name === from || name.startsWith(`${from}/`)) return to + name.slice(from.length);
    return name;
  };
}

/** The state parts of towers: each input table as `<tower>/<input>/embeddings` (a shared one under its owner's), MLP variables by stable name. */
export function towerParts(towers: Tower[], optimizer: tf.Optimizer): StateParts {
  const tables: StateParts['tables'] = [];
  const variables: StateParts['variables'] = [];
  for (const t of towers) {
    // a table shared with another tower is saved once, under its owner's name
    for (const [name, table] of t.inputs.tables) if (!t.inputs.borrowed.has(name)) tables.push([`${t.name}/${name}/embeddings`, table]);
    t.mlp.variables.forEach((v, i) => variables.push([t.mlp.names[i]!, v]));
  }
  return { tables, variables, optimizer };
}
