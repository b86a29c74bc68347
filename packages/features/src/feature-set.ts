import { Discretization } from './discretization';
import { FeatureError } from './errors';
import { validateFeatureSpecs, type FeatureKind, type FeatureSpec } from './feature-spec';
import { Hashing } from './hashing';
import { IntegerLookup } from './integer-lookup';
import { asRecord, checkHeader } from './json-check';
import { Normalization } from './normalization';
import { preprocessorFromJSON, type Preprocessor, type PreprocessorJSON } from './preprocessor';
import { StringLookup } from './string-lookup';
import { TextVectorization } from './text-vectorization';
import { asNumber, countRows, describeValue, type Column } from './values';

/** Input columns by name, e.g. `{ user: ['196', ...], timestamp: Float64Array [...] }`; all the same length. */
export type Columns = Readonly<Record<string, Column>>;

/** One feature's values for a batch of rows. */
export interface FeatureOutput {
  /** The spec's kind. */
  kind: FeatureKind;
  /** Ids (Int32Array) for categorical, hashed, discretized and text; floats (Float32Array) for numeric. Shape [rows × width], row-major. */
  values: Int32Array | Float32Array;
  /** Values per row: 1, or the sequence length for text. */
  width: number;
  /** For id outputs: ids are in `[0, cardinality)` (the embedding table's row count). Absent for numeric. */
  cardinality?: number;
  /** Text only: Int32Array [rows] of real (non-padding) tokens per row, for mean pooling. */
  lengths?: Int32Array;
}

/** Every feature's output for a batch, keyed by feature name (`N`: the names, when known to the type system). */
export type FeatureBatch<N extends string = string> = Record<N, FeatureOutput>;

/** A summary of one fitted feature (see {@link FeatureSet.describe}). */
export interface FeatureDescription {
  name: string;
  kind: FeatureKind;
  source: string;
  /** The preprocessor type, or `'none'` for a numeric feature passed through. */
  preprocessor: Preprocessor['type'] | 'none';
  /** Values per row. */
  width: number;
  /** Number of distinct ids (vocabulary size, bins, buckets); absent for numeric. */
  cardinality?: number;
  /** The spec's embedding width, when it has one. */
  embeddingDim?: number;
  /** One human-readable line: vocabulary, OOV ids, boundaries range, mean/std... */
  summary: string;
}

/** Serialised {@link FeatureSet}: the specs and each feature's fitted state. */
export interface FeatureSetJSON {
  format: 'twotower-features';
  version: 1;
  features: Array<{ spec: FeatureSpec; preprocessor: PreprocessorJSON | null }>;
}

interface Entry {
  spec: FeatureSpec;
  /** `null` for a numeric feature with `normalize: false`. */
  pre: Preprocessor | null;
}

const FORMAT = 'twotower-features';
const FORMAT_VERSION = 1;

function create(spec: FeatureSpec): Preprocessor | null {
  const name = spec.name;
  switch (spec.kind) {
    case 'categorical': {
      const common = { name, maxTokens: spec.maxTokens, minCount: spec.minCount, numOovIndices: spec.numOovIndices };
      return spec.lookup === 'integer'
        ? new IntegerLookup({ ...common, mask: spec.mask as number | undefined })
        : new StringLookup({ ...common, mask: spec.mask as string | undefined });
    }
    case 'hashed':
      return new Hashing({ name, numBins: spec.bins, salt: spec.salt });
    case 'discretized':
      return new Discretization({ name, bins: spec.bins, method: spec.method });
    case 'numeric':
      return spec.normalize === false ? null : new Normalization({ name });
    case 'text':
      return new TextVectorization({
        name,
        maxTokens: spec.maxTokens,
        outputSequenceLength: spec.sequenceLength,
        minCount: spec.minCount,
        numOovIndices: spec.numOovIndices,
        standardize: spec.standardize,
      });
  }
}

const EXPECTED_TYPES: Record<FeatureKind, ReadonlyArray<Preprocessor['type'] | null>> = {
  categorical: ['StringLookup', 'IntegerLookup'],
  hashed: ['Hashing'],
  discretized: ['Discretization'],
  numeric: ['Normalization', null],
  text: ['TextVectorization'],
};

/** Rethrow a preprocessor's value error naming the feature's column too. */
function withColumn<T>(spec: FeatureSpec, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof FeatureError && err.code === 'invalid-value' && err.message.startsWith(`${spec.name}: `)) {
      const rest = err.message.slice(spec.name.length + 2);
      throw new FeatureError('invalid-value', `feature ${JSON.stringify(spec.name)} (column ${JSON.stringify(spec.source)}): ${rest}`, { feature: spec.name, row: err.row });
    }
    throw err;
  }
}

/**
 * The fitted preprocessors of a tower's inputs: fit once on training data, `toJSON` into the model
 * artifact, `fromJSON` in the server, and `transform` gives identical outputs in both places.
 *
 * @example
 * const features = FeatureSet.fit(
 *   [
 *     { name: 'user_id', kind: 'categorical', source: 'user', embeddingDim: 32 },
 *     { name: 'timestamp', kind: 'numeric', source: 'timestamp' },
 *   ],
 *   { user: ['196', '186', '196'], timestamp: [881250949, 891717742, 878887116] },
 * );
 * const batch = features.transform({ user: ['186', 'new-user'], timestamp: [880000000, 890000000] });
 * batch.user_id.values; // Int32Array [2, 0]  (OOV id 0; '196' is id 1, the most frequent)
 */
export class FeatureSet<N extends string = string> {
  private readonly entries: readonly Entry[];

  private constructor(entries: Entry[]) {
    this.entries = entries;
  }

  /**
   * Validate `specs` and fit each feature's preprocessor on its source column.
   * @param specs the tower's features (names unique). Their names type the output of `transform`.
   * @param columns input columns by name; every source column must be present, all of one length.
   * @throws FeatureError naming the feature at fault: bad spec (with allowed kinds/fields), missing
   *   column (with the columns present), or a bad value (with its row).
   */
  static fit<const S extends readonly FeatureSpec[]>(specs: S, columns: Columns): FeatureSet<S[number]['name']> {
    const valid = validateFeatureSpecs(specs);
    const n = FeatureSet.checkColumns(valid, columns);
    if (n === 0) throw new FeatureError('invalid-value', 'FeatureSet.fit: the columns are empty; fit needs at least one row.');
    const entries = valid.map((spec): Entry => {
      const pre = withColumn(spec, () => create(spec));
      if (pre !== null) withColumn(spec, () => pre.fit(columns[spec.source]!));
      return { spec, pre };
    });
    return new FeatureSet<S[number]['name']>(entries);
  }

  /**
   * Restore a FeatureSet written by {@link FeatureSet.toJSON} (after `JSON.parse`).
   * @param json the parsed JSON.
   * @param names optional: the feature names you expect (any order). When given they are checked
   *   and they type the output of `transform`.
   * @throws FeatureError (`invalid-json`) naming the feature and field at fault; a newer format
   *   version is refused; expected names that differ are listed.
   */
  static fromJSON<N extends string = string>(json: unknown, names?: readonly N[]): FeatureSet<N> {
    const o = asRecord(json, 'FeatureSet');
    if (o['format'] !== FORMAT) {
      throw new FeatureError('invalid-json', `FeatureSet: "format" is ${JSON.stringify(o['format']) ?? 'missing'}, expected "${FORMAT}"; pass the output of FeatureSet.toJSON().`);
    }
    checkHeader({ ...o, type: FORMAT }, FORMAT, FORMAT_VERSION, 'FeatureSet');
    const features = o['features'];
    if (!Array.isArray(features)) throw new FeatureError('invalid-json', 'FeatureSet: "features" must be an array.');
    const specs = validateFeatureSpecs(features.map((f: unknown, i) => asRecord(f, `FeatureSet features[${i}]`)['spec']));
    const entries = specs.map((spec, i): Entry => {
      const state = (features[i] as Record<string, unknown>)['preprocessor'];
      const pre = state === null || state === undefined ? null : preprocessorFromJSON(state);
      if (!EXPECTED_TYPES[spec.kind].includes(pre === null ? null : pre.type)) {
        throw new FeatureError('invalid-json', `FeatureSet: feature ${JSON.stringify(spec.name)} of kind ${spec.kind} has preprocessor ${pre === null ? 'null' : pre.type}; expected ${EXPECTED_TYPES[spec.kind].map(String).join(' or ')}.`, { feature: spec.name });
      }
      if (spec.kind === 'numeric' && (pre === null) !== (spec.normalize === false)) {
        throw new FeatureError('invalid-json', `FeatureSet: feature ${JSON.stringify(spec.name)} has normalize ${String(spec.normalize ?? true)} but ${pre === null ? 'no' : 'a'} Normalization state.`, { feature: spec.name });
      }
      return { spec, pre };
    });
    if (names !== undefined) {
      const have = specs.map((x) => x.name);
      const missing = names.filter((x) => !have.includes(x));
      const extra = have.filter((x) => !(names as readonly string[]).includes(x));
      if (missing.length > 0 || extra.length > 0) {
        throw new FeatureError('invalid-json', `FeatureSet: expected features ${names.map((x) => JSON.stringify(x)).join(', ')} but the JSON has ${have.map((x) => JSON.stringify(x)).join(', ')}${missing.length > 0 ? ` (missing ${missing.join(', ')})` : ''}${extra.length > 0 ? ` (unexpected ${extra.join(', ')})` : ''}.`);
      }
    }
    return new FeatureSet<N>(entries);
  }

  /** The specs, in order. */
  get specs(): readonly FeatureSpec[] {
    return this.entries.map((e) => e.spec);
  }

  /** The feature names, in order. */
  get names(): N[] {
    return this.entries.map((e) => e.spec.name as N);
  }

  /** The input columns the features read (each once, in first-use order). */
  get sources(): string[] {
    return [...new Set(this.entries.map((e) => e.spec.source))];
  }

  /**
   * The fitted preprocessor of feature `name` (`null` for a numeric feature passed through).
   * @throws FeatureError naming the known features when `name` is not one.
   */
  preprocessor(name: N): Preprocessor | null {
    return this.entry(name).pre;
  }

  /** The spec of feature `name`. @throws FeatureError when there is no such feature. */
  spec(name: N): FeatureSpec {
    return this.entry(name).spec;
  }

  /**
   * Transform a batch: every feature's values from its source column.
   * @param columns input columns by name (extra columns are ignored); all used ones of one length.
   * @param rows optional 0-based rows to transform (e.g. a shuffled batch); default all rows.
   * @returns each feature's output keyed by name; ids `[rows × width]` (Int32Array) or floats (Float32Array).
   * @throws FeatureError naming the feature, column and row of a value of the wrong type, or a
   *   missing column. Unknown values never throw: they map to OOV ids.
   */
  transform(columns: Columns, rows?: ArrayLike<number>): FeatureBatch<N> {
    const n = FeatureSet.checkColumns(this.entries.map((e) => e.spec), columns);
    countRows(n, rows, 'FeatureSet.transform');
    const out = {} as FeatureBatch<N>;
    for (const { spec, pre } of this.entries) {
      const column = columns[spec.source]!;
      out[spec.name as N] = withColumn(spec, () => FeatureSet.transformOne(spec, pre, column, rows));
    }
    return out;
  }

  /** One line per feature: kind, source, width, cardinality and what was fitted. */
  describe(): FeatureDescription[] {
    return this.entries.map(({ spec, pre }) => {
      const d: FeatureDescription = {
        name: spec.name,
        kind: spec.kind,
        source: spec.source,
        preprocessor: pre === null ? 'none' : pre.type,
        width: pre === null ? 1 : pre.outputSize,
        summary: summarize(pre),
      };
      if (pre !== null && pre.type !== 'Normalization') d.cardinality = pre.vocabularySize;
      if (spec.kind !== 'numeric' && spec.embeddingDim !== undefined) d.embeddingDim = spec.embeddingDim;
      return d;
    });
  }

  /** Serialisable state (plain JSON): restore with {@link FeatureSet.fromJSON}. */
  toJSON(): FeatureSetJSON {
    return {
      format: FORMAT,
      version: FORMAT_VERSION,
      features: this.entries.map(({ spec, pre }) => ({ spec: { ...spec }, preprocessor: pre === null ? null : pre.toJSON() })),
    };
  }

  private entry(name: string): Entry {
    const e = this.entries.find((x) => x.spec.name === name);
    if (e === undefined) {
      throw new FeatureError('invalid-spec', `FeatureSet: no feature ${JSON.stringify(name)}; the features are ${this.names.map((x) => JSON.stringify(x)).join(', ')}.`, { feature: name });
    }
    return e;
  }

  private static transformOne(spec: FeatureSpec, pre: Preprocessor | null, column: Column, rows: ArrayLike<number> | undefined): FeatureOutput {
    if (pre === null) {
      const count = rows === undefined ? column.length : rows.length;
      const values = new Float32Array(count);
      for (let i = 0; i < count; i++) {
        const r = rows === undefined ? i : (rows[i] as number);
        values[i] = asNumber(column[r], spec.name, r);
      }
      return { kind: spec.kind, values, width: 1 };
    }
    if (pre.type === 'Normalization') return { kind: spec.kind, values: pre.transform(column, rows), width: 1 };
    if (pre.type === 'TextVectorization') {
      const { ids, lengths } = pre.transformWithLengths(column, rows);
      return { kind: spec.kind, values: ids, width: pre.outputSize, cardinality: pre.vocabularySize, lengths };
    }
    return { kind: spec.kind, values: pre.transform(column, rows), width: 1, cardinality: pre.vocabularySize };
  }

  /** Check every source column is present and all have one length; return that length. */
  private static checkColumns(specs: readonly FeatureSpec[], columns: Columns): number {
    if (typeof columns !== 'object' || columns === null) {
      throw new FeatureError('missing-column', `FeatureSet: columns must be an object of named columns, got ${describeValue(columns)}.`);
    }
    let length = -1;
    let first = '';
    for (const spec of specs) {
      const column = columns[spec.source] as unknown;
      if (column === undefined || column === null || typeof (column as { length?: unknown }).length !== 'number' || typeof column === 'string') {
        const present = Object.keys(columns);
        throw new FeatureError(
          'missing-column',
          `feature ${JSON.stringify(spec.name)}: source column ${JSON.stringify(spec.source)} is ${column === undefined ? 'missing' : 'not an array'}; the columns given are ${present.length === 0 ? '(none)' : present.map((c) => JSON.stringify(c)).join(', ')}. Pass it or change the spec's "source".`,
          { feature: spec.name },
        );
      }
      const len = (column as Column).length;
      if (length === -1) {
        length = len;
        first = spec.source;
      } else if (len !== length) {
        throw new FeatureError('missing-column', `feature ${JSON.stringify(spec.name)}: column ${JSON.stringify(spec.source)} has ${len} values but column ${JSON.stringify(first)} has ${length}; all columns must describe the same rows.`, { feature: spec.name });
      }
    }
    return Math.max(0, length);
  }
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(6);
}

function summarize(pre: Preprocessor | null): string {
  if (pre === null) return 'raw number as float32 (not normalised)';
  switch (pre.type) {
    case 'StringLookup':
    case 'IntegerLookup':
      return `${pre.vocabulary.length} values learned + ${pre.numOovIndices} OOV id${pre.numOovIndices === 1 ? '' : 's'}${pre.mask === null ? '' : ' + mask id 0'} = ${pre.vocabularySize} ids`;
    case 'Hashing':
      return `${pre.numBins} hash bins (murmur3, salt ${pre.salt})`;
    case 'Discretization': {
      const r = pre.fitRange;
      const range = r === null ? '' : ` over [${fmt(r.min)}, ${fmt(r.max)}]`;
      return `${pre.bins} ${pre.method} buckets${range}`;
    }
    case 'Normalization':
      return `(x - ${fmt(pre.mean)}) / ${fmt(pre.std)}`;
    case 'TextVectorization':
      return `${pre.vocabulary.length} tokens learned (max ${pre.maxTokens} ids) + padding 0 + ${pre.numOovIndices} OOV; ${pre.outputSequenceLength} tokens per row`;
  }
}
