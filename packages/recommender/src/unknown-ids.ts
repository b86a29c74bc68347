import type { FeatureSet } from '@twotower/features';
import type { TowerBatch, TwoTowerModel } from '@twotower/towers';
import { candidateColumns, type Catalogue } from './catalogue';
import { toTowerBatch } from './tower-specs';
import { averageUnknownRows, unknownRow, zeroUnknownRows, type UnknownRow } from './unknown-inputs';

/** What {@link UnknownIds} reads of its recommender. */
export interface UnknownIdsHost {
  readonly queryFeatures: FeatureSet;
  readonly candidateFeatures: FeatureSet;
  readonly catalogue: Catalogue;
  readonly models: { readonly twoTower: TwoTowerModel };
  queryBatch(users: ArrayLike<string>, timestamps: ArrayLike<number>, history?: false): TowerBatch;
}

/**
 * What a user and an item the model never saw read (built on first use from the recommender's
 * features), and the embedding rows they read in every member's tables.
 */
export class UnknownIds {
  private user: UnknownRow | undefined;
  private item: UnknownRow | undefined;

  constructor(private readonly host: UnknownIdsHost) {}

  /** An unknown user: the user id input at its unknown (OOV) id, the user file's columns at their missing values. */
  userRow(): UnknownRow {
    // '' is no user's id: the readers refuse empty ids
    return (this.user ??= unknownRow(this.host.queryFeatures, (src) => src === 'user' || src.startsWith('user.'), () => this.host.queryBatch([''], [0], false)));
  }

  /** An unknown item id: the id input at its unknown (OOV) id. */
  itemRow(): UnknownRow {
    const { candidateFeatures, catalogue } = this.host;
    return (this.item ??= unknownRow(candidateFeatures, (src) => src === 'item', () => {
      // '' is no item's id: the readers refuse empty ids; the entry's other columns are missing
      const entry: Catalogue = { ids: [''], titles: [''], genres: [[]], ...(catalogue.columns ? { columns: catalogue.columns.map((c) => ({ ...c, values: [null] })) } : {}) };
      return toTowerBatch(candidateFeatures.transform(candidateColumns(entry, candidateFeatures.sources)));
    }));
  }

  /** Zeroes the rows both read, in every member (see `zeroUnknownRows`). */
  zero(): void {
    const members = this.host.models.twoTower.members;
    zeroUnknownRows(members.map((p) => p.query.inputs), this.userRow());
    zeroUnknownRows(members.map((p) => p.candidate.inputs), this.itemRow());
  }

  /** Sets the rows both read that no example trained to their table's mean row (see `averageUnknownRows`); returns how many. */
  average(): number {
    const members = this.host.models.twoTower.members;
    return averageUnknownRows(members.map((p) => p.query.inputs), this.userRow()) + averageUnknownRows(members.map((p) => p.candidate.inputs), this.itemRow());
  }
}
