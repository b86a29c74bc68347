import type { PublishInput, PublishSet } from '@twotower/pgvector';
import type { ServingModel } from '../model/serving-model';

/**
 * What `publishModel` (of `@twotower/pgvector`) writes for a model loaded in memory: its version,
 * manifest, catalogue with candidate embeddings, each known user's default-time query embedding
 * (the vectors the in-memory server answers with), training items and latest time, and its named
 * sets of items or users. Publishing this is what makes a server on the database answer as the
 * in-memory one does.
 * @throws when the model is itself served from a database (it has no user vectors in memory)
 */
export function publishInput(model: ServingModel): PublishInput {
  if (model.database !== undefined) throw new Error('publishInput needs a model loaded in memory (loadServingModel without the database option)');
  const rec = model.recommender;
  const sets: PublishSet[] = [...model.namedSets.values()].map((s) => ({ name: s.name, of: s.of, ids: s.ids, vectors: s.vectors, dim: s.dim }));
  return {
    version: model.version,
    dim: model.dim,
    manifest: model.manifest,
    items: { ids: rec.catalogue.ids, titles: rec.catalogue.titles, vectors: model.itemVectors },
    users: { ids: rec.users.ids, vectors: model.userVectors, lastTimestamp: rec.users.lastTimestamp, seen: { offsets: rec.seen.offsets, items: rec.seen.items } },
    sets,
  };
}
