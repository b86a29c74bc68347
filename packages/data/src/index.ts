// Interaction logs
export type { Interactions, InteractionRecord } from './interactions';
export { rowAt, toRecords, selectRows, validateInteractions } from './interactions';
export { InteractionsBuilder, interactionsFromRecords } from './interactions-builder';
export type { InteractionsBuilderOptions } from './interactions-builder';
export type { Dataset, ItemCatalogue, UserTable } from './dataset';
export { DataError } from './errors';
export type { DataErrorCode, DataErrorDetails } from './errors';
export { formatReports } from './read-report';
export type { ReadReport, BadRow, BadRowPolicy, BadRowOptions } from './read-report';

// Readers
export { readMovieLens, detectMovieLensLayout } from './movielens';
export type { MovieLensLayout } from './movielens';
export { readMovieLens100k, ML100K_GENRES } from './movielens-100k';
export { readMovieLens1m } from './movielens-1m';
export { readMovieLensCsv } from './movielens-csv';
export type { MovieLensOptions } from './movielens-options';
export { readInteractionsCsv } from './interactions-csv';
export type { ColumnMapping, InteractionsCsvOptions } from './interactions-csv';
export { readInteractionsJsonl } from './interactions-jsonl';
export type { InteractionsJsonlOptions } from './interactions-jsonl';
export type { ItemsCsvOptions } from './item-catalogue-csv';
export type { GenericReadOptions } from './generic-read';
export { parseTimestamp } from './timestamp';
export type { TimestampFormat } from './timestamp';
export { detectTimestampFormat } from './timestamp-detect';
export type { TimestampDetection } from './timestamp-detect';
export { fileKind, sniffDelimiter, peekLines, delimiterName, DELIMITERS } from './sniff';
export type { FileKind } from './sniff';
export { detectColumnRoles, normaliseColumnName, COLUMN_ROLES, ROLE_NAMES } from './column-roles';
export type { ColumnRole, ColumnRoles, RoleAssignment } from './column-roles';
export { inferAttributeKind, attributeValues } from './attribute-kind';
export type { AttributeKind, AttributeColumn } from './attribute-kind';
export { readAttributeTable } from './attribute-table';
export { userColumns, userTableColumns } from './user-columns';
export type { AttributeTable, AttributeTableOptions } from './attribute-table';
export { catalogueFromTable, catalogueRoles, alignColumn, TITLE_NAMES, GENRE_NAMES } from './catalogue-table';
export { readLog } from './read-log';
export type { ReadLogOptions, LogPlan, TablePlan } from './read-log';
export { readLineChunks, splitCsvLine } from './line-reader';
export type { LineChunk, ReadLinesOptions, TextEncoding } from './line-reader';

// Download
export { downloadMovieLens, MOVIELENS_ARCHIVES, DEFAULT_MOVIELENS_URL } from './download';
export type { DownloadOptions, DownloadResult, DownloadProgress, MovieLensArchive } from './download';
export { extractZip, listZip } from './unzip';
export type { ZipEntry } from './unzip';

// Splits, grouping, filters
export { randomSplit } from './split-random';
export type { RandomSplitOptions, Split } from './split-random';
export { temporalSplit, leaveLastOut } from './split-temporal';
export type { TemporalSplitOptions, LeaveLastOutOptions } from './split-temporal';
export { groupRows, itemsByUser, usersByItem, csrRow } from './group-rows';
export type { Csr, GroupRowsOptions } from './group-rows';
export { filterRows, kCore, dedupe, binarizeRatings } from './filter';
export type { KCoreOptions, DedupeOptions, BinarizeOptions } from './filter';

// Batching, randomness, synthetic data, summaries
export { batches, batchCount, epochOrder } from './batches';
export type { Batch, BatchOptions } from './batches';
export { mulberry32, deriveSeed, shuffleInPlace } from '@twotower/utils';
export { permutation } from './random';
export { syntheticDataset } from './synthetic';
export type { SyntheticOptions, SyntheticDataset, SyntheticTruth } from './synthetic';
export { describe } from './describe';
export type { LogSummary, CountSummary } from './describe';
export { fingerprint } from './fingerprint';
