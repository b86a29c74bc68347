export { createRandom as rng } from './random';
