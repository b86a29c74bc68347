/**
 * Two differently configured recommenders' users' lists mixed, on one validation draw of the
 * proxy split (`PROXY_SPLIT`; the test split is not read): the default and a variant (the default
 * with `--variant`'s overrides) each train as `bench/sweep.ts` trains them, each validation user
 * is scored by both from the untimed query (every item; fit items excluded), and the lists of
 * `A` (the default), `B` (the variant) and the mixes (A + w·B) / (1 + w) are measured per user
 * (recall@10 / nDCG@10) at the popularity leans 0, 0.03, 0.06 and 0.1. A mix of towers that read
 * different things is what a member of its own kind in `model.members` would give. Prints one
 * JSON object.
 * Usage: npx tsx bench/member-mix.ts --data DIR [--draw 43] --variant '{"features":{"history":null}}'
 */
import { createRecommender, fitRetrieval, scoreUsers, silentProgress, withItemScorer } from '@twotower/training';
import { loadConfig } from '../src/config/load-config';
import { recommenderSpec } from '../src/pipeline/feature-specs';
import { retrievalFitOptions } from '../src/pipeline/fit-options';
import { leanFigures, proxyDraw } from './proxy-draw';

const LEANS = [0, 0.03, 0.06, 0.1];
const MIX_WEIGHTS = [0.5, 1];

async function main() {
  const p = await proxyDraw(['variant']);
  const { draw, config, dataset, data, users } = p;
  if (p.flags.variant === undefined) throw new Error('--variant: give the variant\'s config overrides as JSON, e.g. --variant \'{"features":{"history":null}}\'');
  let overrides: unknown;
  try {
    overrides = JSON.parse(p.flags.variant);
  } catch (e) {
    throw new Error(`--variant: not JSON (${(e as Error).message}); give config overrides such as '{"features":{"history":null}}'`, { cause: e });
  }
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) throw new Error(`--variant: give an object of config overrides, got ${p.flags.variant}`);
  if ('split' in overrides) throw new Error('--variant: leave split out; both lists are measured on the draw\'s split (choose the draw with --draw)');
  const variant = loadConfig('default', { ...overrides, split: config.split });
  const n = data.numItems;
  /** Trains `rec` and scores every validation user's untimed query against every item: `[users × n]`. */
  const scoresOf = async (rec: typeof p.rec, cfg: typeof config, key: string) => {
    const r = await fitRetrieval(rec, data, { ...retrievalFitOptions(cfg), runKey: key, progress: silentProgress });
    const scores = new Float32Array(users.length * n);
    await withItemScorer(rec, (scorer) => scoreUsers(rec, data, scorer, data.seenFit)(users, scores));
    rec.dispose();
    return { scores, bestEpoch: r.bestEpoch, seconds: Math.round(r.seconds) };
  };
  const a = await scoresOf(p.rec, config, `member-mix A@${draw}`);
  const b = await scoresOf(createRecommender(dataset, data, recommenderSpec(variant, dataset, data).spec), variant, `member-mix B@${draw}`);
  const lists: Record<string, Float32Array> = { A: a.scores, B: b.scores };
  for (const w of MIX_WEIGHTS) lists[`A+${w}B`] = Float32Array.from(a.scores, (x, i) => (x + w * b.scores[i]!) / (1 + w));
  const figures = Object.fromEntries(Object.entries(lists).map(([name, scores]) => [name, leanFigures(p, scores, LEANS)]));
  console.log(JSON.stringify({ draw, variant: overrides, bestEpoch: { A: a.bestEpoch, B: b.bestEpoch }, seconds: { A: a.seconds, B: b.seconds }, users: users.length, leans: LEANS, figures }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
