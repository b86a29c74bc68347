export { FeatureError } from './errors';
export type { FeatureErrorCode } from './errors';
export type { Column, FeatureValue } from './values';
export { murmur3, murmur3Bytes } from './murmur3';
export { VocabularyLookup } from './vocabulary-lookup';
export type { LookupOptions, LookupJSON } from './vocabulary-lookup';
export { StringLookup } from './string-lookup';
export type { StringLookupOptions, StringLookupJSON } from './string-lookup';
export { IntegerLookup } from './integer-lookup';
export type { IntegerLookupOptions, IntegerLookupJSON } from './integer-lookup';
export { Hashing } from './hashing';
export type { HashingOptions, HashingJSON } from './hashing';
export { Discretization, DISCRETIZATION_METHODS } from './discretization';
export type { DiscretizationOptions, DiscretizationJSON, DiscretizationMethod } from './discretization';
export { Normalization } from './normalization';
export type { NormalizationOptions, NormalizationJSON, NormalizationStatistics } from './normalization';
export { standardize, tokenize, STANDARDIZE_MODES } from './standardize';
export type { Standardize } from './standardize';
export { TextVectorization, meanPoolingWeights } from './text-vectorization';
export type { TextVectorizationOptions, TextVectorizationJSON, TextBatch } from './text-vectorization';
export { preprocessorFromJSON, PREPROCESSOR_TYPES } from './preprocessor';
export type { Preprocessor, PreprocessorJSON } from './preprocessor';
export { FEATURE_KINDS, validateFeatureSpec, validateFeatureSpecs } from './feature-spec';
export type {
  FeatureKind,
  FeatureSpec,
  BaseFeatureSpec,
  EmbeddedFeatureSpec,
  CategoricalFeatureSpec,
  HashedFeatureSpec,
  DiscretizedFeatureSpec,
  NumericFeatureSpec,
  TextFeatureSpec,
} from './feature-spec';
export { FeatureSet } from './feature-set';
export type { Columns, FeatureOutput, FeatureBatch, FeatureDescription, FeatureSetJSON } from './feature-set';
export { movieLensQuerySpecs, movieLensCandidateSpecs } from './movielens-specs';
export type { MovieLensSpecOptions, MovieLensQuerySpecs, MovieLensCandidateSpecs } from './movielens-specs';
export { inferQuerySpecs, inferCandidateSpecs, columnSpecs, combinationToken, labelTokens, labelsSource } from './column-specs';
export type { ColumnKind, ColumnDescription, InferSpecsOptions } from './column-specs';
