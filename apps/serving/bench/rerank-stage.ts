/**
 * What a re-ranked user-items query costs in its second stage, in process: for the first
 * `--users` users of a trained model, their top `--candidates` items by the two-tower score
 * (training items excluded), then `Recommender.rerank` timed per query — with the model's
 * item-item stage, and with its ranker alone (the item-item stage detached) when it has one.
 * Usage: pnpm exec tsx bench/rerank-stage.ts [--model ../../models/ml-100k] [--users 500] [--candidates 50] [--repeats 3]
 * Prints one JSON object: per stage the median and mean milliseconds per query.
 */
import { parseArgs } from 'node:util';
import { Recommender } from '@twotower/recommender';
import { ready } from '@twotower/runtime';
import { withItemScorer } from '@twotower/training';
import { topKIndices } from '@twotower/utils';

function stats(ms: number[]): { p50Ms: number; meanMs: number; queries: number } {
  const s = ms.slice().sort((a, b) => a - b);
  return { p50Ms: s[Math.floor(s.length / 2)]!, meanMs: ms.reduce((a, b) => a + b, 0) / ms.length, queries: ms.length };
}

async function main() {
  const { values } = parseArgs({ options: { model: { type: 'string' }, users: { type: 'string' }, candidates: { type: 'string' }, repeats: { type: 'string' } } });
  const info = await ready({ log: null });
  const rec = await Recommender.load(values.model ?? '../../models/ml-100k');
  const users = Math.min(Number(values.users ?? 500), rec.numUsers);
  const n = Number(values.candidates ?? 50);
  const repeats = Number(values.repeats ?? 3);
  const ids = rec.users.ids.slice(0, users);
  const scores = new Float32Array(users * rec.numItems);
  await withItemScorer(rec, (scorer) => scorer.score(rec.embedQueries(ids), users, scores));
  const lists = ids.map((_, u) => {
    const row = scores.subarray(u * rec.numItems, (u + 1) * rec.numItems);
    const found = topKIndices(row, n, { exclude: rec.seenItems(u) });
    return { found, retrieval: Float32Array.from(found, (j) => row[j]!) };
  });
  const time = () => {
    const ms: number[] = [];
    for (let r = 0; r < repeats; r++) {
      ids.forEach((id, u) => {
        const t0 = performance.now();
        rec.rerank(id, lists[u]!.found, lists[u]!.retrieval);
        ms.push(performance.now() - t0);
      });
    }
    return stats(ms);
  };
  const out: Record<string, unknown> = { backend: info.backend, model: values.model ?? '../../models/ml-100k', users, candidates: n, repeats };
  const itemItem = rec.itemItem;
  if (itemItem) out.itemItem = { ...time(), neighbours: itemItem.info.neighbours, weight: itemItem.info.weight };
  if (rec.ranker) {
    rec.models.setItemItem(undefined);
    out.ranker = time();
  }
  rec.dispose();
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
