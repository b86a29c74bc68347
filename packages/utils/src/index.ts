export { mulberry32 } from './mulberry32';
export { deriveSeed } from './derive-seed';
export { fmix32 } from './fmix32';
export { boxMuller } from './box-muller';
export { TopK, topKIndices } from './top-k';
export type { TopKOptions, TopKIndicesOptions, TopKTies } from './top-k';
export { progressReporter } from './progress';
export type { ProgressCallback, ProgressReporterOptions } from './progress';
export { UtilsInputError } from './input-error';
