export { createServer, DEFAULT_CONNECTION_LIMITS } from './create-server';
export { shutdown } from './shutdown';
export type { ShutdownOptions, ShutdownResult, ShutdownHandle } from './shutdown';
export type { IndexPolicy } from '@twotower/index';
export { twotower, modelLoader } from './app';
export type { TwotowerOptions, ServerOptions } from './app';
export { errorsPlugin, clientErrorHandler, frameworkErrorHandler } from './plugins/errors';
export { jsonBodyPlugin } from './plugins/json-body';
export { metricsPlugin, ServingMetrics } from './plugins/metrics';
export type { MetricsPluginOptions, MetricsOptions } from './plugins/metrics';
export { modelPlugin } from './plugins/model';
export type { ModelPluginOptions, ServingControl } from './plugins/model';
export { batchPlugin } from './plugins/batch';
export type { Endpoint, BatchAnswer, QueryHandler } from './plugins/batch';
export { recommendRoutes } from './routes/recommend';
export { rankRoutes } from './routes/rank';
export { healthRoutes } from './routes/health';
export { modelRoutes } from './routes/model';
export { adminRoutes, ADMIN_TOKEN_ENV } from './routes/admin';
export type { AdminRoutesOptions } from './routes/admin';
export { adminAuthorizer } from './routes/admin-auth';
export { addItems } from './model/add-items';
export { AddedItems } from './model/added-items';
export type { AddedHits } from './model/added-items';
export { findItem, servedItemCount } from './model/served-items';
export type { ServedItem } from './model/served-items';
export { searchItems } from './recommend/search-items';
export type { ItemSearch, SearchItemsOptions } from './recommend/search-items';
export { searchLeaned, leanedTop, firstFetch, nextFetch } from './recommend/leaned-search';
export type { RawHits, LeanedTop, OverFetch } from './recommend/leaned-search';
export { resolveHistory, historyFields } from './recommend/request-history';
export type { RequestHistory } from './recommend/request-history';
export { resolveAttributes, attributeFields } from './recommend/query-attributes';
export type { RequestAttributes } from './recommend/query-attributes';
export { withAnonymousUsers, ANONYMOUS_USER } from './recommend/anonymous-user';
export { ServingError, unknownUser, unknownItems } from './errors';
export { ServingModel, loadServingModel } from './model/serving-model';
export type { LoadModelOptions, ModelSummary, IndexSummary } from './model/serving-model';
export type { StageSummary } from './model/model-summary';
export { ModelHolder } from './model/model-holder';
export type { Lease, Disposable } from './model/model-holder';
export { searchDistinctUsers } from './model/distinct-users';
export type { DistinctUsersOptions, DistinctUsers } from './model/distinct-users';
export { UserGroupIndex } from './model/user-groups';
export type { UserGroupIndexOptions } from './model/user-groups';
export { buildUserIndex, exactUserIndex, annUserIndex } from './model/user-index';
export type { UserIndex } from './model/user-index';
export { buildUserVectorIndex, userVectorIndex } from './model/user-vector-index';
export { USER_ROWS, DEFAULT_USER_ROWS, userIndexFor } from './recommend/user-rows';
export type { UserRows } from './recommend/user-rows';
export { userItems, popularItems, noRankingModel, userQueryLean } from './recommend/user-items';
export { itemItems } from './recommend/item-items';
export { userUsers } from './recommend/user-users';
export { itemUsers } from './recommend/item-users';
export { rank, addedItemsNotRanked } from './recommend/rank';
export { DEFAULT_DEFAULTS } from './recommend/defaults';
export type { RecommendDefaults } from './recommend/defaults';
export { openApiDocument } from './openapi';
export {
  requestSchemas,
  answerSchemas,
  errorBody,
  userItemsQuery,
  itemItemsQuery,
  userUsersQuery,
  itemUsersQuery,
  rankQuery,
  itemHit,
  userHit,
  userItemsResult,
  itemItemsResult,
  userUsersResult,
  itemUsersResult,
  rankResult,
  DEFAULT_LIMITS,
  SERVING_ERROR_CODES,
} from './schemas';
export type {
  RequestLimits,
  SingleOrBatch,
  ErrorBody,
  ServingErrorCode,
  UserQuery,
  UserItemsQuery,
  UserItemsQueryWithUser,
  ItemQuery,
  ItemUsersQuery,
  RankQuery,
  ItemHit,
  UserHit,
  UserItemsResult,
  ItemItemsResult,
  UserUsersResult,
  ItemUsersResult,
  RankResult,




} from './schemas';
export { loadNamedSets, namedVector } from './model/named-sets';
export type { ModelFiles } from './model/read-model-files';
export type { NamedSet, NamedIndexSummary, IdSpace } from './model/named-sets';
export { loadSegmentations, segmentOf, segmentRows } from './model/segmentations';
export type { ServedSegmentation, SetRows } from './model/segmentations';
export { setsSummary, SET_ENDPOINTS } from './model/sets-summary';
export type { EmbeddingSetSummary, SegmentationSummary } from './model/sets-summary';
export { itemSetNames } from './recommend/item-items';
export { userSetNames } from './recommend/user-users';
export { CANDIDATES, USERS_SET, itemSegmentField, userSegmentField } from './recommend/segment-fields';
export { listSegmentations, getSegmentation, segmentMembers } from './recommend/segments';
export { segmentRoutes } from './routes/segments';
export { unknownEmbeddingSet, notInEmbeddingSet } from './errors';
export { segmentSummary, segmentation, segmentationsAnswer, segmentMember, segmentMembersAnswer, MAX_SEGMENT_PAGE, DEFAULT_SEGMENT_PAGE } from './segment-schemas';
export type { Segmentation, SegmentationsAnswer, SegmentMember, SegmentMembersAnswer } from './segment-schemas';
export { reloadBody, reloadResult, addItemsBody, addItemsResult, newItem } from './admin-schemas';
export type { ReloadResult, AddItemsBody, AddItemsResult, NewItemBody } from './admin-schemas';
export { DatabaseStore } from './database/database-store';
export type { DatabaseOptions, StoredUser, StoredItem, PublishedSet } from './database/database-store';
export { DatabaseHealth } from './database/database-health';
export { dbUserItems } from './database/db-user-items';
export { dbItemItems } from './database/db-item-items';
export { dbUserUsers, dbItemUsers } from './database/db-users';
export { dbAddItems } from './database/db-add-items';
export { publishInput } from './database/publish-input';
