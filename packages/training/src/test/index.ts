// Fixtures for tests and benchmarks of code that reads model directories: `@twotower/training/test`.
export { writeSyntheticArtifact } from './synthetic-model';
export type { SyntheticArtifactOptions } from './synthetic-model';
