export type { Corpus } from './corpus';
export { sequenceCount } from './corpus';
