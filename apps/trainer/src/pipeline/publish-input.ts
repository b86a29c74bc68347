import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { MANIFEST_FILE, openModelDirectory, sha256File } from '@twotower/artifact';
import type { PublishInput, PublishSet } from '@twotower/pgvector';
import { Recommender } from '@twotower/recommender';
import { ready } from '@twotower/runtime';

/** Users embedded per query-tower call (as the server does when it caches them). */
const USER_BATCH = 16_384;

/**
 * The version the server gives a model directory (`ServingModel.version`): the first 16 hex digits
 * of the sha256 of its `manifest.json`, which changes whenever any file does.
 */
export function modelVersion(dir: string): string {
  return sha256File(join(dir, MANIFEST_FILE)).slice(0, 16);
}

/** Told each step of reading a model: `'users'` with the users embedded so far. */
export type ReadProgress = (step: 'users', done: number, total: number) => void;

/**
 * Reads a model directory (checksums verified) into what `publishModel` writes: the item embeddings
 * in catalogue order with their titles, every known user's query embedding at their default time
 * (the recommender's query tower in batches, as the server computes them at load), their last
 * training timestamps and training items, and the named embedding sets of items or users.
 * @throws the model directory's own errors (naming the file), or when an item embedding's id is not in the catalogue
 */
export async function publishInputFromModel(dir: string, onProgress?: ReadProgress): Promise<PublishInput> {
  await ready({ log: null });
  const directory = openModelDirectory(dir, { verify: true });
  const version = modelVersion(directory.dir);
  const rec = await Recommender.load(directory.artifact);
  try {
    const dim = rec.dim;
    const catalogue = rec.catalogue.ids;
    const cand = directory.embeddingSet('candidates', dim);
    if (!cand) throw new Error(`${directory.dir}: it has no item embeddings (candidates.f32): retrain the model`);
    if (cand.ids.length !== catalogue.length) throw new Error(`${directory.dir}: ${cand.ids.length} item embeddings for ${catalogue.length} catalogue items: retrain the model`);
    let itemVectors = cand.vectors;
    if (cand.ids.some((id, i) => id !== catalogue[i])) {
      itemVectors = new Float32Array(catalogue.length * dim);
      cand.ids.forEach((id, row) => {
        const i = rec.itemIndex(id);
        if (i < 0) throw new Error(`${directory.dir}: item embedding ${JSON.stringify(id)} is not in the catalogue: retrain the model`);
        itemVectors.set(cand.vectors.subarray(row * dim, (row + 1) * dim), i * dim);
      });
    }
    const numUsers = rec.numUsers;
    const userVectors = new Float32Array(numUsers * dim);
    onProgress?.('users', 0, numUsers);
    for (let u0 = 0; u0 < numUsers; u0 += USER_BATCH) {
      userVectors.set(rec.embedQueries(rec.users.ids.slice(u0, u0 + USER_BATCH)), u0 * dim);
      onProgress?.('users', Math.min(numUsers, u0 + USER_BATCH), numUsers);
      await yieldToLoop();
    }
    const sets: PublishSet[] = [];
    for (const [name, entry] of Object.entries(directory.embeddingSets())) {
      if (name === 'candidates' || name === 'queries' || (entry.of !== 'items' && entry.of !== 'users')) continue;
      const set = directory.embeddingSet(name);
      if (set) sets.push({ name, of: entry.of, ids: set.ids, vectors: set.vectors, dim: set.dim });
    }
    return {
      version,
      dim,
      manifest: directory.manifest,
      items: { ids: catalogue, titles: rec.catalogue.titles, vectors: itemVectors },
      users: { ids: rec.users.ids, vectors: userVectors, lastTimestamp: rec.users.lastTimestamp, seen: { offsets: rec.seen.offsets, items: rec.seen.items } },
      sets,
    };
  } finally {
    rec.dispose();
  }
}
