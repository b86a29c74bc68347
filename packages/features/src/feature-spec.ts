import { DISCRETIZATION_METHODS, type DiscretizationMethod } from './discretization';
import { FeatureError } from './errors';
import { STANDARDIZE_MODES, type Standardize } from './standardize';

/** What a feature is and so which preprocessor it gets. */
export type FeatureKind = 'categorical' | 'hashed' | 'discretized' | 'numeric' | 'text';

/** Every {@link FeatureKind}, in the order error messages list them. */
export const FEATURE_KINDS: readonly FeatureKind[] = ['categorical', 'hashed', 'discretized', 'numeric', 'text'];

/** Fields every feature spec has. */
export interface BaseFeatureSpec {
  /** Unique name of the feature (the key of its output). Required. */
  name: string;
  /** Name of the input column it reads. Several features may read one column. Required. */
  source: string;
  /** Free text for people reading the spec. Default: none. */
  description?: string;
}

/** Fields of features that become embedding lookups. */
export interface EmbeddedFeatureSpec extends BaseFeatureSpec {
  /** Width of the embedding the towers learn for this feature; not used by this package. Default: the towers' choice. */
  embeddingDim?: number;
}

/** A value looked up in a vocabulary learned from data (StringLookup or IntegerLookup). Output: 1 id per row. */
export interface CategoricalFeatureSpec extends EmbeddedFeatureSpec {
  kind: 'categorical';
  /** `'string'`: values as strings (numbers via `String(n)`); `'integer'`: integer values only. Default `'string'`. */
  lookup?: 'string' | 'integer';
  /** Largest number of ids, counting mask and OOV ids. Default: unlimited. */
  maxTokens?: number;
  /** Fewest occurrences for a value to enter the vocabulary. Default 1. */
  minCount?: number;
  /** Out-of-vocabulary ids (unknown values hashed among them). Default 1. */
  numOovIndices?: number;
  /** A value mapped to id 0 (must match `lookup`: a string or an integer). Default: none. */
  mask?: string | number;
}

/** A value hashed into a fixed number of bins (Hashing). Output: 1 id per row. */
export interface HashedFeatureSpec extends EmbeddedFeatureSpec {
  kind: 'hashed';
  /** Number of hash bins. Required. */
  bins: number;
  /** Hash seed (unsigned 32-bit). Default 0. */
  salt?: number;
}

/** A number bucketed by boundaries fitted on data (Discretization). Output: 1 bucket id per row. */
export interface DiscretizedFeatureSpec extends EmbeddedFeatureSpec {
  kind: 'discretized';
  /** Number of buckets. Required (TFRS: 1000 timestamp buckets). */
  bins: number;
  /** `'equal-width'` between min and max, or `'quantile'`. Default `'equal-width'`. */
  method?: DiscretizationMethod;
}

/** A number fed to the tower as one dense value. Output: 1 float per row. */
export interface NumericFeatureSpec extends BaseFeatureSpec {
  kind: 'numeric';
  /** Standardise to zero mean and unit variance (Normalization); `false` passes the number through as float32. Default `true`. */
  normalize?: boolean;
}

/** A text turned into a fixed-length row of token ids (TextVectorization). Output: `sequenceLength` ids per row. */
export interface TextFeatureSpec extends EmbeddedFeatureSpec {
  kind: 'text';
  /** Largest number of ids, counting padding (id 0) and OOV ids. Default 10,000. */
  maxTokens?: number;
  /** Tokens per row; longer texts truncated, shorter padded with 0. Default: the longest text seen by fit. */
  sequenceLength?: number;
  /** Fewest occurrences for a token to enter the vocabulary. Default 1. */
  minCount?: number;
  /** Out-of-vocabulary ids. Default 1. */
  numOovIndices?: number;
  /** Text cleaning before splitting on whitespace. Default `'lower_and_strip_punctuation'`. */
  standardize?: Standardize;
  /** How the towers combine the token embeddings; not used by this package. Default `'mean'` (masked mean over real tokens). */
  pooling?: 'mean';
}

/** Describes one input of a tower: which column it reads and how it is preprocessed. */
export type FeatureSpec = CategoricalFeatureSpec | HashedFeatureSpec | DiscretizedFeatureSpec | NumericFeatureSpec | TextFeatureSpec;

const COMMON = ['name', 'kind', 'source', 'description'];
const FIELDS: Record<FeatureKind, readonly string[]> = {
  categorical: [...COMMON, 'embeddingDim', 'lookup', 'maxTokens', 'minCount', 'numOovIndices', 'mask'],
  hashed: [...COMMON, 'embeddingDim', 'bins', 'salt'],
  discretized: [...COMMON, 'embeddingDim', 'bins', 'method'],
  numeric: [...COMMON, 'normalize'],
  text: [...COMMON, 'embeddingDim', 'maxTokens', 'sequenceLength', 'minCount', 'numOovIndices', 'standardize', 'pooling'],
};

function fail(feature: string, message: string): never {
  throw new FeatureError('invalid-spec', `feature ${JSON.stringify(feature)}: ${message}`, { feature });
}

/**
 * Check one feature spec and return it typed. `where` names it in messages when it has no name.
 * @throws FeatureError (`invalid-spec`) naming the feature, the field at fault and the allowed values.
 */
export function validateFeatureSpec(spec: unknown, where = 'spec'): FeatureSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new FeatureError('invalid-spec', `${where}: a feature spec must be an object like { name, kind, source }.`);
  }
  const o = spec as Record<string, unknown>;
  if (typeof o['name'] !== 'string' || o['name'] === '') {
    throw new FeatureError('invalid-spec', `${where}: "name" must be a non-empty string (the feature's output key).`);
  }
  const label = o['name'];
  const kind = o['kind'];
  if (typeof kind !== 'string' || !(FEATURE_KINDS as readonly string[]).includes(kind)) {
    fail(label, `kind ${JSON.stringify(kind) ?? 'is missing'} is not a feature kind; use one of ${FEATURE_KINDS.join(', ')}.`);
  }
  const k = kind as FeatureKind;
  if (typeof o['source'] !== 'string' || o['source'] === '') fail(label, `"source" must be the name of an input column (a non-empty string).`);
  const allowed = FIELDS[k];
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key) && o[key] !== undefined) fail(label, `unknown field "${key}" for kind ${k}; allowed fields: ${allowed.join(', ')}.`);
  }
  if (o['description'] !== undefined && typeof o['description'] !== 'string') fail(label, '"description" must be a string.');

  const int = (key: string, min: number, required = false): void => {
    const v = o[key];
    if (v === undefined) {
      if (required) fail(label, `"${key}" is required for kind ${k} (an integer >= ${min}).`);
      return;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(label, `"${key}" is ${JSON.stringify(v)}; it must be an integer >= ${min}.`);
  };
  const choice = (key: string, values: readonly string[]): void => {
    const v = o[key];
    if (v !== undefined && !(typeof v === 'string' && values.includes(v))) fail(label, `"${key}" is ${JSON.stringify(v)}; use one of ${values.join(', ')}.`);
  };

  if (k !== 'numeric') int('embeddingDim', 1);
  switch (k) {
    case 'categorical': {
      choice('lookup', ['string', 'integer']);
      int('maxTokens', 2);
      int('minCount', 1);
      int('numOovIndices', 1);
      const mask = o['mask'];
      if (mask !== undefined) {
        const integer = o['lookup'] === 'integer';
        if (integer ? !Number.isSafeInteger(mask) : typeof mask !== 'string') {
          fail(label, `"mask" is ${JSON.stringify(mask)}; with lookup "${integer ? 'integer' : 'string'}" it must be ${integer ? 'an integer' : 'a string'}.`);
        }
      }
      break;
    }
    case 'hashed':
      int('bins', 1, true);
      if (o['salt'] !== undefined) int('salt', 0);
      if (typeof o['salt'] === 'number' && o['salt'] > 0xffffffff) fail(label, `"salt" must be an unsigned 32-bit integer.`);
      break;
    case 'discretized':
      int('bins', 1, true);
      choice('method', DISCRETIZATION_METHODS);
      break;
    case 'numeric':
      if (o['normalize'] !== undefined && typeof o['normalize'] !== 'boolean') fail(label, `"normalize" is ${JSON.stringify(o['normalize'])}; use true or false.`);
      break;
    case 'text':
      int('maxTokens', 3);
      int('sequenceLength', 1);
      int('minCount', 1);
      int('numOovIndices', 1);
      choice('standardize', STANDARDIZE_MODES);
      choice('pooling', ['mean']);
      break;
  }
  return o as unknown as FeatureSpec;
}

/**
 * Check a list of feature specs: each valid, names unique.
 * @throws FeatureError (`invalid-spec`) naming the feature at fault.
 */
export function validateFeatureSpecs(specs: unknown): FeatureSpec[] {
  if (!Array.isArray(specs)) throw new FeatureError('invalid-spec', 'feature specs must be an array of { name, kind, source, ... } objects.');
  const seen = new Set<string>();
  return specs.map((s: unknown, i) => {
    const spec = validateFeatureSpec(s, `specs[${i}]`);
    if (seen.has(spec.name)) fail(spec.name, `the name is used by two specs (specs[${i}] repeats it); feature names must be unique.`);
    seen.add(spec.name);
    return spec;
  });
}
