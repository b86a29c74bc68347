export { mulberry32 as rng } from '@twotower/utils';
