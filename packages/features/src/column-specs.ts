import type { CategoricalFeatureSpec, DiscretizedFeatureSpec, FeatureSpec, NumericFeatureSpec, TextFeatureSpec } from './feature-spec';

/**
 * What an input column holds, and so which features it gets (as `@twotower/data` infers it for
 * catalogue and user files): `text` (words), `categories` (several labels per row), `category`
 * (one label per row), `number`.
 */
export type ColumnKind = 'text' | 'categories' | 'category' | 'number';

/** An input column to infer features for. */
export interface ColumnDescription {
  /** Stem of the feature names: `title` gives `title_text`, `price` gives `price` and `price_bucket`. */
  name: string;
  /** The input column the features read (`title`, `genres`, `item.price`...). */
  source: string;
  kind: ColumnKind;
  /** `categories` only: an example value (labels joined by `|`), quoted in the feature's description. */
  example?: string;
  /** `text` only: largest vocabulary (ids, counting padding and OOV). Default: the options' `maxTextTokens`. */
  maxTokens?: number;
}

/** Options of {@link inferQuerySpecs}, {@link inferCandidateSpecs} and {@link columnSpecs}. */
export interface InferSpecsOptions {
  /** Embedding width of every embedded feature. Default 32. */
  embeddingDim?: number;
  /** Equal-width timestamp buckets. Default 1000. */
  timestampBins?: number;
  /** Largest vocabulary of a text column. Default 10,000. */
  maxTextTokens?: number;
  /** Largest vocabulary of a `categories` column's combinations (or labels). Default 1000. */
  maxCategoryTokens?: number;
  /** Quantile buckets of a number column. Default 10. */
  numberBins?: number;
  /**
   * A `categories` column as one token per combination of labels (`'combination'`, default: a
   * lookup of `Animation|Comedy` as such) or as a bag of its labels (`'multi-hot'`: the mean of
   * one embedding per label, read from {@link labelsSource}).
   */
  categories?: 'combination' | 'multi-hot';
  /**
   * Coarser equal-width timestamp buckets beside `timestampBins`, one embedded feature each
   * (`timestamp_bucket_<bins>`): neighbouring times share the coarse buckets, so the time the
   * query tower reads is smooth across neighbouring fine buckets (multi-resolution time). Each
   * must be below `timestampBins`. Default none.
   */
  timestampResolutions?: number[];
}

/** A label as one token: its whitespace becomes `_` (`Home & Garden` → `Home_&_Garden`). */
function labelToken(label: string): string {
  return label.trim().replace(/\s+/g, '_');
}

/** The value of a `categories` column for its combination feature: labels as tokens joined by `|` (one token). */
export function combinationToken(labels: readonly string[]): string {
  return labels.map(labelToken).join('|');
}

/** The value of a `categories` column's {@link labelsSource} column: labels as tokens joined by spaces (one token each). */
export function labelTokens(labels: readonly string[]): string {
  return labels.map(labelToken).join(' ');
}

/** The input column a multi-hot `categories` feature reads: `<source>:labels`, filled with {@link labelTokens}. */
export function labelsSource(source: string): string {
  return `${source}:labels`;
}

function singular(word: string): string {
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * The features of one column: `text` → text vectorisation, mean-pooled (`<name>_text`);
 * `categories` → one token per combination of labels, or a bag of labels (`<name>`);
 * `category` → a lookup (`<name>`); `number` → quantile buckets with an embedding
 * (`<name>_bucket`) and the standardised value (`<name>`).
 */
export function columnSpecs(column: ColumnDescription, options: InferSpecsOptions = {}): FeatureSpec[] {
  const dim = options.embeddingDim ?? 32;
  const { name, source } = column;
  switch (column.kind) {
    case 'text': {
      const text: TextFeatureSpec = {
        name: `${name}_text`,
        kind: 'text',
        source,
        maxTokens: column.maxTokens ?? options.maxTextTokens ?? 10_000,
        embeddingDim: dim,
        pooling: 'mean',
        description: `${name} tokens (lowercased, punctuation stripped), padded with 0, mean-pooled`,
      };
      return [text];
    }
    case 'categories': {
      const maxTokens = options.maxCategoryTokens ?? 1000;
      const what = singular(name);
      if (options.categories === 'multi-hot') {
        return [{ name, kind: 'text', source: labelsSource(source), maxTokens, embeddingDim: dim, pooling: 'mean', standardize: 'none', description: `the item's ${name} as a bag of labels: the mean of one embedding per ${what}` }];
      }
      const example = column.example ? ` (e.g. ${column.example})` : '';
      return [{ name, kind: 'text', source, maxTokens, embeddingDim: dim, pooling: 'mean', standardize: 'none', description: `the item's ${what} combination${example} as one token, embedded` }];
    }
    case 'category': {
      const spec: CategoricalFeatureSpec = { name, kind: 'categorical', source, embeddingDim: dim, description: `${name} embedding; vocabulary from data with one OOV id` };
      return [spec];
    }
    case 'number': {
      const bucket: DiscretizedFeatureSpec = { name: `${name}_bucket`, kind: 'discretized', source, bins: options.numberBins ?? 10, method: 'quantile', embeddingDim: dim, description: `${name} in quantile buckets` };
      const value: NumericFeatureSpec = { name, kind: 'numeric', source, normalize: true, description: `${name} standardised to mean 0, variance 1` };
      return [bucket, value];
    }
  }
}

/** Feature specs of columns, each feature name made unique by a `_2`, `_3`... suffix after `taken` names. */
function uniqueSpecs(columns: readonly ColumnDescription[], taken: FeatureSpec[], options: InferSpecsOptions): FeatureSpec[] {
  const out = [...taken];
  const names = new Set(out.map((s) => s.name));
  for (const c of columns) {
    for (const spec of columnSpecs(c, options)) {
      let name = spec.name;
      for (let k = 2; names.has(name); k++) name = `${spec.name}_${k}`;
      names.add(name);
      out.push({ ...spec, name });
    }
  }
  return out;
}

/**
 * The query tower's features from the columns there are: the user id embedding (`user_id`,
 * vocabulary from data, one OOV id), when the log has times the timestamp in equal-width buckets
 * with an embedding (`timestamp_bucket`) and standardised (`timestamp`), then each user
 * attribute column's features ({@link columnSpecs}). With the user and timestamp alone these are
 * TFRS's MovieLens query features (`movieLensQuerySpecs`).
 */
export function inferQuerySpecs(input: { user?: string; timestamp?: string; columns?: readonly ColumnDescription[] }, options: InferSpecsOptions = {}): FeatureSpec[] {
  const dim = options.embeddingDim ?? 32;
  const base: FeatureSpec[] = [{ name: 'user_id', kind: 'categorical', source: input.user ?? 'user', embeddingDim: dim, description: 'user id embedding; vocabulary from data with one OOV id' }];
  if (input.timestamp !== undefined) {
    base.push(
      { name: 'timestamp_bucket', kind: 'discretized', source: input.timestamp, bins: options.timestampBins ?? 1000, method: 'equal-width', embeddingDim: dim, description: 'timestamp in equal-width buckets between min and max' },
      { name: 'timestamp', kind: 'numeric', source: input.timestamp, normalize: true, description: 'timestamp standardised to mean 0, variance 1' },
    );
    const fine = options.timestampBins ?? 1000;
    for (const bins of options.timestampResolutions ?? []) {
      if (!Number.isInteger(bins) || bins < 2 || bins >= fine) throw new Error(`timestampResolutions: ${bins} must be an integer in [2, timestampBins = ${fine})`);
      base.push({ name: `timestamp_bucket_${bins}`, kind: 'discretized', source: input.timestamp, bins, method: 'equal-width', embeddingDim: dim, description: `timestamp in ${bins} equal-width buckets (a coarser resolution)` });
    }
  }
  return uniqueSpecs(input.columns ?? [], base, options);
}

/**
 * The candidate tower's features from the catalogue's columns: the item id embedding (named
 * `title_id`, as in TFRS's MovieLens model, whose titles are the ids — the name the ranking
 * config and saved models use), then each column's features ({@link columnSpecs}): with a
 * `title` text column and a `genres` categories column these are the MovieLens candidate
 * features (`movieLensCandidateSpecs` and the genre combination).
 */
export function inferCandidateSpecs(input: { item?: string; columns?: readonly ColumnDescription[] }, options: InferSpecsOptions = {}): FeatureSpec[] {
  const dim = options.embeddingDim ?? 32;
  const id: FeatureSpec = { name: 'title_id', kind: 'categorical', source: input.item ?? 'item', embeddingDim: dim, description: 'title id embedding; vocabulary from data with one OOV id' };
  return uniqueSpecs(input.columns ?? [], [id], options);
}
