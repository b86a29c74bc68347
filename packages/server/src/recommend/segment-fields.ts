import type { ServingModel } from '../model/serving-model';
import { segmentOf } from '../model/segmentations';

/** The two-tower's item embeddings: the set user-items, rank and item-items (by default) answer from. */
export const CANDIDATES = 'candidates';

/** The named set of users whose segmentation gives users in answers their `segment` (unless a named set of users answered). */
export const USERS_SET = 'users';

/**
 * `{ segment }` of catalogue item `i` in the segmentation of `set` (default the candidates'), or
 * `{}` when the model has no such segmentation or the item is not in it (an item added after
 * training: `i` = -1): spread into an answer, the field is there only when known.
 */
export function itemSegmentField(model: ServingModel, i: number, set: string = CANDIDATES): { segment?: number } {
  const s = segmentOf(model.segmentations.get(set), i);
  return s === undefined ? {} : { segment: s };
}

/**
 * `{ segment }` of known user `u` in the segmentation of `set` when given and segmented, else in
 * that of the model's `users` set; `{}` when neither has it.
 */
export function userSegmentField(model: ServingModel, u: number, set?: string): { segment?: number } {
  const seg = (set !== undefined ? model.segmentations.get(set) : undefined) ?? model.segmentations.get(USERS_SET);
  const s = seg?.of === 'users' ? segmentOf(seg, u) : undefined;
  return s === undefined ? {} : { segment: s };
}
