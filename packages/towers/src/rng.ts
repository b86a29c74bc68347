/** The seeded generator of initial weights (re-exported from @twotower/runtime). */
export { createRandom } from '@twotower/runtime';
