import { FeatureSet } from '@twotower/features';
import { candidateColumns, queryColumns, type Catalogue, type SeenItems, type UserInfo } from './catalogue';
import { alignItemVectors, type ItemVectors, type ItemVectorsInput } from './item-vectors';
import type { ModelSetParts } from './model-set';
import { createTwoTower, towerSpec, type RecommenderSpec } from './spec';

/** Parts of a `Recommender`. */
export interface RecommenderParts {
  spec: RecommenderSpec;
  queryFeatures: FeatureSet;
  candidateFeatures: FeatureSet;
  catalogue: Catalogue;
  users: UserInfo;
  seen: SeenItems;
  /** Training interactions per item. */
  popularity: Float32Array;
  /** The models it starts with: the towers, and those a saved recommender has besides (see `ModelSet`). */
  models: ModelSetParts;
  /**
   * The item vectors the candidate tower reads, when the spec has `itemVectors` (required then,
   * refused otherwise): `[numItems × dim]` in catalogue order, or rows by id (see {@link ItemVectorsInput}).
   */
  itemVectors?: ItemVectorsInput | ItemVectors;
}

/**
 * The parts of a new recommender (`Recommender.create`): the features fitted (query features on
 * the training rows — and the user file's columns of their users, when the spec reads them —
 * candidate features on the catalogue) and untrained towers of matching sizes.
 * @param train the training rows' user ids and timestamps
 */
export function fitRecommenderParts(
  spec: RecommenderSpec,
  train: { users: ArrayLike<string>; timestamps: ArrayLike<number> },
  parts: Pick<RecommenderParts, 'catalogue' | 'users' | 'seen' | 'popularity' | 'itemVectors'>,
): RecommenderParts {
  const s = towerSpec(spec);
  // checked before the features are fitted
  const itemVectors = alignItemVectors(s, parts);
  const userIndex = new Map(parts.users.ids.map((id, u) => [id, u]));
  const sources = (specs: readonly { source: string }[]) => specs.map((x) => x.source);
  const queryFeatures = FeatureSet.fit(s.query, queryColumns(parts.users, (id) => userIndex.get(id) ?? -1, train.users, train.timestamps, sources(s.query)));
  const candidateFeatures = FeatureSet.fit(s.candidate, candidateColumns(parts.catalogue, sources(s.candidate)));
  const twoTower = createTwoTower(s, queryFeatures, candidateFeatures, parts.catalogue.ids.length);
  return { spec: s, queryFeatures, candidateFeatures, ...parts, itemVectors, models: { twoTower } };
}
