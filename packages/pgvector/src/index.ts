export { createPool, hasSessionDefaults } from './pool';
export type { Queryable, PgPoolOptions, PgSessionSearchDefaults } from './pool';
export { redactUrl } from './redact-url';
export { PgVectorError, isUnavailable, isTimeout } from './errors';
export type { PgVectorErrorCode } from './errors';
export { PgVectorIndex } from './pg-vector-index';
export type { PgVectorIndexOptions, PgAddOptions, PgBuildIndexOptions, PgIndexSpec } from './pg-vector-index';
export { SEARCH_PARAM_NAMES } from './search-params';
