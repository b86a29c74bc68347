import type { ServingModel } from './serving-model';

/** An item a model serves: one of its catalogue, or one added after training. */
export interface ServedItem {
  id: string;
  title: string;
  /** Its candidate-tower embedding `[dim]` (a view, no copy). */
  vector: Float32Array;
  /** Its catalogue index, or -1 for an item added after training (no training users, no ranking-model inputs). */
  index: number;
}

/** The item `id` as `model` serves it (catalogue first, then the added items), or undefined when it has none. */
export function findItem(model: ServingModel, id: string): ServedItem | undefined {
  const rec = model.recommender;
  const i = rec.itemIndex(id);
  if (i >= 0) return { id, title: rec.catalogue.titles[i]!, vector: model.itemVector(i), index: i };
  const row = model.added.row(id);
  if (row >= 0) return { id, title: model.added.titles[row]!, vector: model.added.vector(row), index: -1 };
  return undefined;
}

/** Items `model` serves: its catalogue and the items added to it. */
export function servedItemCount(model: ServingModel): number {
  return model.recommender.numItems + model.added.size;
}
