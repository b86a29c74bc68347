import type { ItemItemChoice } from '@twotower/artifact';

/**
 * Refuses blend weights that are not a non-empty list of finite numbers >= 0.
 * @param caller named in the message (e.g. `'fitItemItem'`)
 */
export function checkBlendWeights(caller: string, weights: readonly number[]): void {
  if (weights.length === 0 || weights.some((w) => !(Number.isFinite(w) && w >= 0))) {
    throw new Error(`${caller}: weights is ${JSON.stringify(weights)}; give finite numbers >= 0, e.g. [0, 0.5, 1, 2]`);
  }
}

/** The choice of the best mean nDCG (ties: the smaller weight) among those tried on held-out users. */
export function bestChoice(choices: readonly ItemItemChoice[]): ItemItemChoice {
  let best = choices[0]!;
  for (const c of choices) if (c.ndcg > best.ndcg || (c.ndcg === best.ndcg && c.weight < best.weight)) best = c;
  return best;
}
