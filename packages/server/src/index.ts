export { createServer, ADMIN_TOKEN_ENV } from './create-server';
export type { ServerOptions, ServingControl, ReloadResult } from './create-server';
export { main, startServer } from './main';
export type { StartOptions, RunningServer } from './main';
export { parseServeFlags, UsageError, USAGE } from './cli-flags';
export type { ServeFlags } from './cli-flags';
export { ServingError, unknownUser, unknownItems } from './errors';
export type { ServingErrorCode, ErrorBody } from './errors';
export { ServingModel, loadServingModel } from './model/serving-model';
export type { LoadModelOptions, ModelSummary, IndexSummary } from './model/serving-model';
export { ModelHolder } from './model/model-holder';
export type { Lease, Disposable } from './model/model-holder';
export { chooseIndex, defaultFactory, buildChosenIndex } from '@twotower/index';
export type { IndexPolicy, IndexChoice } from '@twotower/index';
export { searchDistinctUsers } from './model/distinct-users';
export { UserGroupIndex } from './model/user-groups';
export type { UserGroupIndexOptions } from './model/user-groups';
export { buildUserIndex, exactUserIndex, annUserIndex } from './model/user-index';
export type { UserIndex } from './model/user-index';
export type { DistinctUsersOptions, DistinctUsers } from './model/distinct-users';
export { userItems, popularItems, noRankingModel } from './recommend/user-items';
export { itemItems } from './recommend/item-items';
export { userUsers } from './recommend/user-users';
export { itemUsers } from './recommend/item-users';
export { rank } from './recommend/rank';
export type {
  UserQuery,
  UserItemsQuery,
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
  RecommendDefaults,
} from './recommend/types';
export { ServingMetrics } from './http/metrics';
export type { MetricsOptions } from './http/metrics';
export { openApiDocument } from './http/openapi';
export { requestSchemas } from './http/schemas';
export type { RequestLimits } from './http/schemas';
