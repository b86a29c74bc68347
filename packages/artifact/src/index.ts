export { ArtifactError } from './errors';
export type { ArtifactErrorCode } from './errors';
export { ARTIFACT_FORMAT_VERSION, MANIFEST_FILE } from './manifest';
export type { Manifest, ManifestFile } from './manifest';
export { writeArtifact } from './write-artifact';
export type { WriteArtifactOptions, ManifestInput } from './write-artifact';
export { openArtifact } from './read-artifact';
export type { Artifact, OpenArtifactOptions } from './read-artifact';
export { writeTypedArray } from './binary';
export { sha256File } from './checksum';
export { MODEL_FILES, MODEL_WEIGHTS, EMBEDDING_SETS, REPORT_DIR, rankingWeights, weightFiles, embeddingFiles, indexFile, segmentFiles, checkEmbeddingSetName } from './model-directory/model-files';
export type { ModelFile, EmbeddingSetName } from './model-directory/model-files';
export type {
  ModelManifest,
  ModelShape,
  EmbeddingSetEntry,
  EmbeddingSetOf,
  SegmentSummary,
  SegmentsInfo,
  SegmentsEntry,
  IndexEntry,
  TimestampBuckets,
} from './model-directory/model-types';
export type {
  ModelMetrics,
  EmbeddingSetFigures,
  EpochRecord,
  RankingMetrics,
  RankingMemberMetrics,
  EngagementMetrics,
  ProtocolFigures,
  TwoStageFigures,
  TwoStagePerUserFigures,
  VersusBaselineFigures,
  ItemItemMetrics,
  ColdHistoryMetrics,
  ColdHistoryLengthChoice,
  ItemItemChoice,
  TwoStageUserFigures,
} from './model-directory/metrics-types';
export type { PopularityLeanMetrics } from './model-directory/popularity-lean-metrics';
export { openModelDirectory } from './model-directory/read-model-directory';
export type { ModelDirectory, EmbeddingSet } from './model-directory/read-model-directory';
export { writeModelDirectory } from './model-directory/write-model-directory';
export type { ModelDirectoryWriter, ModelManifestInput, EmbeddingSetAbout } from './model-directory/write-model-directory';
