export { startTestCluster, isSkip, SKIP_PG_ENV } from './cluster';
export type { TestCluster, ClusterSkip, StartTestClusterOptions } from './cluster';
export { waitForReplay } from './wait-for-replay';
export type { WaitForReplayOptions } from './wait-for-replay';
export { freePortPair } from './free-port';
export { clusterScript, runClusterScript } from './run-script';
export type { ScriptResult } from './run-script';
