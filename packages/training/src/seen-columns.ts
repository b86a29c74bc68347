import { columnsById, type MaskedColumns } from '@twotower/losses';
import type { SeenItems } from '@twotower/recommender';

/**
 * For each example, the candidate columns holding an item its user has among `seen` (CSR, for
 * `RetrievalLossOptions.maskedColumns`): the example's own item is among them, and the loss
 * keeps a row's own positive column whatever the list says.
 *
 * @param seen each user's items (the fit rows' for training: never a validation or test item)
 * @param users `[batch]` each example's user index
 * @param candidates `[n]` each candidate column's item index
 */
export function seenColumns(seen: SeenItems, users: Int32Array, candidates: Int32Array): MaskedColumns {
  const columnsOf = columnsById(candidates, candidates.length);
  const offsets = new Int32Array(users.length + 1);
  const columns: number[] = [];
  for (let i = 0; i < users.length; i++) {
    const u = users[i]!;
    for (let k = seen.offsets[u]!; k < seen.offsets[u + 1]!; k++) {
      const cols = columnsOf.get(seen.items[k]!);
      if (cols) for (const j of cols) columns.push(j);
    }
    offsets[i + 1] = columns.length;
  }
  return { offsets, columns: Int32Array.from(columns) };
}
