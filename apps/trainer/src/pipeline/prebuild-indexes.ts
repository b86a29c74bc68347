import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { buildChosenIndex, chooseIndex, type IndexChoice, type VectorId, type VectorIndex } from '@twotower/index';

/** One set of embeddings to index: ids and [ids.length × dim] vectors. */
export interface EmbeddingSet {
  ids: ArrayLike<VectorId>;
  vectors: Float32Array;
}

/** A prebuilt index as the manifest's `indexes` lists it (the serving app loads it instead of building one). */
export interface PrebuiltIndexEntry extends IndexChoice {
  /** Path inside the artifact. */
  file: string;
  rows: number;
  /** Build time. */
  seconds: number;
}

/** Indexes built for an artifact, to be saved into it. */
export interface PrebuiltIndexes {
  /** The manifest's `indexes` entry (empty when nothing was built). */
  entry: Partial<Record<'candidates' | 'queries', PrebuiltIndexEntry>>;
  /** Writes every index into the artifact directory being filled. */
  save(dir: string): Promise<void>;
}

/**
 * Builds the FAISS indexes the serving app would build at start (its default policy: exact
 * below `exactBelow` rows, an inverted file above) for the item embeddings (ids: item ids) and
 * the query embeddings (ids: row numbers), to be saved as `indexes/<name>.index`. Exact indexes
 * are not prebuilt (the server builds them in milliseconds), nor anything when FAISS cannot load.
 */
export function prebuildIndexes(sets: { candidates: EmbeddingSet; queries: EmbeddingSet }, dim: number, exactBelow: number, log: (line: string) => void = () => {}): PrebuiltIndexes {
  const entry: PrebuiltIndexes['entry'] = {};
  const built: [string, VectorIndex][] = [];
  for (const name of ['candidates', 'queries'] as const) {
    const { ids, vectors } = sets[name];
    const choice = chooseIndex(ids.length, { exactBelow });
    if (choice.kind !== 'faiss') continue;
    const t0 = performance.now();
    const index = buildChosenIndex(ids, vectors, dim, choice);
    const seconds = (performance.now() - t0) / 1000;
    const file = `indexes/${name}.index`;
    entry[name] = { ...choice, file, rows: ids.length, seconds: +seconds.toFixed(2) };
    built.push([file, index]);
    log(`prebuilt index of the ${name === 'candidates' ? 'item' : 'query'} embeddings: FAISS ${choice.factory} over ${ids.length.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s`);
  }
  return {
    entry,
    async save(dir: string) {
      for (const [file, index] of built) {
        mkdirSync(join(dir, 'indexes'), { recursive: true });
        await index.save(join(dir, file));
      }
    },
  };
}
