import type { PgIndexSpec } from '../pg-vector-index';

/** Items each user trained on: CSR of rows of `items.ids`, or one id list per user. */
export type SeenInput =
  /** User u's items are `items.ids[items[offsets[u]] ...]` for `offsets[u] .. offsets[u+1])` (`offsets` `[users + 1]`). */
  | { readonly offsets: Int32Array; readonly items: Int32Array }
  /** `[users]` lists of item ids. */
  | readonly (readonly string[])[];

/** A named embedding set of items or users (item2vec, DeepWalk, text, ...), published as a cosine table `set_<name>`. */
export interface PublishSet {
  /** The set's name in the model directory: lower-case letters, digits and dashes (the table is `set_<name>` with `-` as `_`). */
  name: string;
  /** What a row is: an item (ids are item ids) or a user (user ids). */
  of: 'items' | 'users';
  /** `[rows]` ids, one per row, unique. */
  ids: readonly string[];
  /** `[rows × dim]` row-major. All-zero rows (no trained vector) are left out of the table. */
  vectors: Float32Array;
  /** The set's own width. */
  dim: number;
}

/**
 * One model version as plain arrays (no tfjs, no model directory): what {@link publishModel}
 * writes. The trainer's `publish` command builds it from a model directory.
 */
export interface PublishInput {
  /** The model version: the model directory's 16 hex digits (lower-case letters, digits, `_`; at most 59). The schema is `tt_<version>`. */
  version: string;
  /** The towers' output width: of `items.vectors` and `users.vectors`. */
  dim: number;
  /** The model directory's manifest (stored as `twotower.models.manifest`, jsonb). */
  manifest: unknown;
  /** The catalogue, in catalogue order (row i is `catalogue.idx` i). */
  items: {
    /** `[items]` item ids, unique. */
    ids: readonly string[];
    /** `[items]` titles (the id when the catalogue has none). */
    titles: readonly string[];
    /** `[items × dim]` candidate-tower embeddings. */
    vectors: Float32Array;
  };
  /** The users known at training time, in user order (row u is `user_state.idx` u). */
  users: {
    /** `[users]` user ids, unique. */
    ids: readonly string[];
    /** `[users × dim]` each user's query embedding at their default time. */
    vectors: Float32Array;
    /** `[users]` the latest training timestamp of each user (the default query time). */
    lastTimestamp: ArrayLike<number>;
    /** The items each user trained on (the default exclusions). */
    seen: SeenInput;
  };
  /** Named embedding sets of items or users. Default none. */
  sets?: readonly PublishSet[];
}

/** Index of each kind of table; a single spec applies to all three. */
export interface PublishIndexSpecs {
  /** Default: by rows (`defaultPublishIndex`). */
  items?: PgIndexSpec;
  /** Default: by rows (`defaultPublishIndex`). */
  users?: PgIndexSpec;
  /** Of every named set. Default: by rows (`defaultPublishIndex`). */
  sets?: PgIndexSpec;
}

/** One step of a publish: rows copied into a table, or its index being built. */
export interface PublishProgressEvent {
  /** `'copy'`: rows sent with COPY (`done` of `total` rows); `'index'`: building the table's ANN index (`0/1` at the start, `1/1` at the end). */
  phase: 'copy' | 'index';
  /** The table, without its schema: `items`, `catalogue`, `users`, `user_state`, `set_<name>`. */
  table: string;
  done: number;
  total: number;
}

/** Options of {@link publishModel}. */
export interface PublishOptions {
  /** The model's name: `twotower.current` holds one current version per name. Default `'default'`. */
  name?: string;
  /**
   * The ANN index of the items, users and named-set tables. Default, per table: HNSW (m 16,
   * ef_construction 64) below 100,000 rows, IVFFlat (lists rows / 1000, √rows above 1M) from there
   * (`defaultPublishIndex`: an HNSW build over 1M rows takes minutes on a few cores).
   */
  index?: PgIndexSpec | PublishIndexSpecs;
  /**
   * `maintenance_work_mem` for the index builds (`SET LOCAL`, this transaction only): an HNSW build is
   * much faster when its graph fits (1M × 32 needs about 0.5 GB). `null` keeps the server's. Default `'1GB'`.
   */
  maintenanceWorkMem?: string | null;
  /** Told each step as it goes. Default none. */
  onProgress?: (event: PublishProgressEvent) => void;
}

/** What {@link publishModel} did. */
export interface PublishReport {
  name: string;
  version: string;
  /** `tt_<version>`. */
  schema: string;
  /**
   * `true`: the schema and its tables were written now. `false`: the version was already published
   * (under this name, or under another name with the same schema): only the registry rows changed.
   */
  created: boolean;
  /** The version `current` pointed at before (undefined: none, or the same one). */
  previous?: string;
  /** Rows written per table (`items`, `catalogue`, `users`, `user_state`, `set_<name>`); empty when not {@link created}. */
  rows: Record<string, number>;
  /** Wall-clock seconds of the whole publish. */
  seconds: number;
}

/** One row of `twotower.models`, as {@link listPublished} gives it. */
export interface PublishedVersion {
  name: string;
  version: string;
  schema: string;
  dim: number;
  publishedAt: Date;
  /** Whether `twotower.current` points at it. */
  current: boolean;
}
