/**
 * Other ways of forming a user's list than the untimed query, on one validation draw of the proxy
 * split (`PROXY_SPLIT`; the test split is not read): the default trains as `bench/sweep.ts` trains
 * it, then each validation user is ranked (fit items excluded, per-user recall@10 / nDCG@10) from
 *
 * - `untimed`: the untimed query (what the per-user figures and the server use);
 * - `at` / `after`: the mean of the user's timed queries, one at each of its fit times (`after`:
 *   one second later, the film of that time read too; `afterDistinct`: each distinct time once),
 *   as if asked at a time drawn from its own timeline; `latestAfter`: just after its latest time;
 * - `untimed+after w`: (1 − w) · untimed + w · after;
 * - `fold λ`: a ridge fold-in on the item embeddings V, q = (VᵀV + λI)⁻¹ Vᵀ x (x the user's fit
 *   items), scaled to the untimed query's length; `untimed+fold λ ×β`: untimed + β · fold;
 * - `untimed+item bias xβ`: the untimed query's cosines plus β · τ · b, b a per-item bias fitted
 *   on the fit rows (the full softmax of every user's untimed scores at the loss's temperature τ,
 *   by iterative proportional fitting): what a learned item bias in the logits could add;
 *
 * each with the popularity leans 0, 0.03, 0.06 and 0.1 added. Prints one JSON object.
 * Usage: npx tsx bench/user-list-probes.ts --data DIR [--draw 43]
 */
import { fitRetrieval, silentProgress, withItemScorer } from '@twotower/training';
import { retrievalFitOptions } from '../src/pipeline/fit-options';
import { leanFigures, proxyDraw } from './proxy-draw';

const LEANS = [0, 0.03, 0.06, 0.1];

/** Solves a·x = b for a symmetric positive definite `a` [d × d] (Gauss-Jordan on copies). */
function solve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let c = 0; c < d; c++) {
    const p = m[c * d + c]!;
    for (let j = 0; j < d; j++) m[c * d + j]! /= p;
    x[c]! /= p;
    for (let r = 0; r < d; r++) {
      const f = r === c ? 0 : m[r * d + c]!;
      if (f === 0) continue;
      for (let j = 0; j < d; j++) m[r * d + j]! -= f * m[c * d + j]!;
      x[r]! -= f * x[c]!;
    }
  }
  return x;
}

/**
 * The per-item bias b of a full softmax over fixed scores: b maximises the sum over every row's
 * items i of log softmax_j(scores_j / τ + b_j)_i, by iterative proportional fitting (b_j +=
 * ln(count_j / expected_j), both + 0.5; 100 rounds), centred.
 * @param scores `[rows × n]` each row's scores of every item
 * @param items each row's items (the targets; a row counts once per item)
 */
function fitItemBias(scores: Float32Array, items: readonly ArrayLike<number>[], n: number, tau: number): Float64Array {
  const count = new Float64Array(n).fill(0.5);
  for (const list of items) for (let k = 0; k < list.length; k++) count[list[k]!]! += 1;
  const b = new Float64Array(n);
  const expected = new Float64Array(n);
  const p = new Float64Array(n);
  for (let round = 0; round < 100; round++) {
    expected.fill(0.5);
    items.forEach((list, r) => {
      let max = -Infinity;
      for (let j = 0; j < n; j++) max = Math.max(max, (p[j] = scores[r * n + j]! / tau + b[j]!));
      let z = 0;
      for (let j = 0; j < n; j++) z += p[j] = Math.exp(p[j]! - max);
      for (let j = 0; j < n; j++) expected[j]! += (list.length / z) * p[j]!;
    });
    for (let j = 0; j < n; j++) b[j]! += Math.log(count[j]! / expected[j]!);
    const mean = b.reduce((a, x) => a + x, 0) / n;
    for (let j = 0; j < n; j++) b[j]! -= mean;
  }
  return b;
}

async function main() {
  const p = await proxyDraw();
  const { draw, config, data, rec, users, ids } = p;
  const r = await fitRetrieval(rec, data, { ...retrievalFitOptions(config), runKey: `user-list-probes@${draw}`, progress: silentProgress });
  const n = data.numItems;
  const dim = rec.dim;
  const { offsets, items: fit, times } = data.seenFit;
  const untimed = rec.embedQueries(ids, undefined, data.seenFit);
  const vectors: Record<string, Float32Array> = { untimed };

  // the mean of each user's timed queries over (a choice of) its fit times
  const meanOver = (shift: number, pick: (ts: Float64Array) => Float64Array) => {
    const out = new Float32Array(users.length * dim);
    users.forEach((u, i) => {
      const ts = pick(Float64Array.from(times!.subarray(offsets[u]!, offsets[u + 1]!), (t) => t + shift));
      const q = rec.embedQueries(Array.from(ts, () => ids[i]!), ts, data.seenFit);
      for (let k = 0; k < ts.length; k++) for (let d = 0; d < dim; d++) out[i * dim + d]! += q[k * dim + d]! / ts.length;
    });
    return out;
  };
  vectors.at = meanOver(0, (ts) => ts);
  vectors.after = meanOver(1, (ts) => ts);
  vectors.afterDistinct = meanOver(1, (ts) => Float64Array.from(new Set(ts)));
  vectors.latestAfter = meanOver(1, (ts) => Float64Array.of(Math.max(...ts)));
  for (const w of [0.25, 0.5, 0.75]) vectors[`untimed+after ${w}`] = Float32Array.from(untimed, (x, i) => (1 - w) * x + w * vectors.after![i]!);

  // the ridge fold-in on the item embeddings
  const V = rec.embedItems();
  const gram = new Float64Array(dim * dim);
  for (let j = 0; j < n; j++) for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) gram[a * dim + b]! += V[j * dim + a]! * V[j * dim + b]!;
  const length = Math.sqrt(rec.models.twoTower.members.length); // the untimed query's: one unit vector per member
  for (const lambda of [1, 10, 100]) {
    const a = Float64Array.from(gram, (g, k) => (k % (dim + 1) === 0 ? g + lambda : g));
    const fold = new Float32Array(users.length * dim);
    users.forEach((u, i) => {
      const b = new Float64Array(dim);
      for (let k = offsets[u]!; k < offsets[u + 1]!; k++) for (let c = 0; c < dim; c++) b[c]! += V[fit[k]! * dim + c]!;
      const q = solve(a, b, dim);
      const norm = Math.hypot(...q) / length;
      for (let c = 0; c < dim; c++) fold[i * dim + c] = q[c]! / norm;
    });
    vectors[`fold ${lambda}`] = fold;
    for (const beta of [0.25, 0.5, 1]) vectors[`untimed+fold ${lambda} x${beta}`] = Float32Array.from(untimed, (x, i) => x + beta * fold[i]!);
  }

  const figures: Record<string, Record<string, [number, number]>> = {};
  // per-item scores added to the untimed query's list (on top of the lean), by the name the figures print
  const itemBiases: Record<string, Float32Array> = {};
  await withItemScorer(rec, (scorer) => {
    // a per-item bias fitted on the fit rows, from every user's untimed scores (all users with fit rows)
    const tau = config.loss.temperature;
    const all = Int32Array.from({ length: data.numUsers }, (_, u) => u).filter((u) => offsets[u + 1]! > offsets[u]!);
    const S = new Float32Array(all.length * n);
    scorer.score(rec.embedQueries(Array.from(all, (u) => data.log.userIds[u]!), undefined, data.seenFit), all.length, S);
    const b = fitItemBias(S, Array.from(all, (u) => fit.subarray(offsets[u]!, offsets[u + 1]!)), n, tau);
    for (const beta of [0.25, 0.5, 1]) itemBiases[`untimed+item bias x${beta}`] = Float32Array.from(b, (x) => tau * beta * x);
    const scores = new Float32Array(users.length * n);
    const lists = [...Object.entries(vectors).map(([name, q]) => ({ name, q, extra: undefined as Float32Array | undefined })), ...Object.entries(itemBiases).map(([name, extra]) => ({ name, q: untimed, extra }))];
    for (const { name, q, extra } of lists) {
      scorer.score(q, users.length, scores);
      figures[name] = leanFigures(p, scores, LEANS, extra);
    }
  });
  console.log(JSON.stringify({ draw, bestEpoch: r.bestEpoch, seconds: Math.round(r.seconds), users: users.length, leans: LEANS, figures }));
  rec.dispose();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
