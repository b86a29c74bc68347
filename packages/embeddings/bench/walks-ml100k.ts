/* Graphs, random walks and DeepWalk / node2vec on MovieLens 100K (training rows of the seeded 80 %
 * split): build and walk times, and the genre agreement of each item's 10 cosine nearest neighbours
 * (@twotower/eval's neighbourGenreAgreement, with its exact chance level) for DeepWalk on the
 * bipartite and co-occurrence graphs and node2vec with a few p/q. Prints one JSON object.
 *   pnpm --filter @twotower/embeddings build && pnpm --filter @twotower/embeddings exec tsx bench/walks-ml100k.ts
 * MovieLens from ML100K_DIR (default /work/shared/data/ml-100k), read by bench/item2vec-movielens.ts (one loader, one split).
 * About 6 minutes a seed on 2 CPUs (12 embeddings of ~1M walk tokens, 5 epochs each).
 * env: CONFIGS (a regular expression over the embedding names; all by default), SEEDS (1) seeds per embedding, THREADS (skip-gram threads, default its own), DIM (32), EPOCHS (5), WINDOW (5). */
import { cpus } from 'node:os';
import { cosineSimilarity, neighbourGenreAgreement } from '@twotower/eval';
// The built package, so that the skip-gram's worker threads take part: pnpm build first.
import { bipartiteItemNodes, itemCoOccurrenceGraph, randomWalks, trainNode2Vec, userItemGraph, type CsrGraph, type Node2VecOptions } from '../dist/index';
import { loadMovieLens, trainingRows } from './item2vec-movielens';

const num = (name: string, fallback: number) => (process.env[name] === undefined ? fallback : Number(process.env[name]));
const round = (x: number, digits = 4) => Number(x.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timed<T>(f: () => T, repeats = 5): { value: T; ms: number } {
  const times: number[] = [];
  let value!: T;
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    value = f();
    times.push(performance.now() - t);
  }
  return { value, ms: round(median(times), 1) };
}

/** Σ_v d_v²: the entries of node2vec's precomputed second-order alias tables (one per directed edge t -> v, over v's neighbours). */
function aliasEntries(graph: CsrGraph): number {
  let sum = 0;
  for (let v = 0; v < graph.nodes; v++) sum += (graph.offsets[v + 1]! - graph.offsets[v]!) ** 2;
  return sum;
}

/**
 * ML-100K as the graph builders read it: the log (0-based ids), its extent with the training rows
 * of the seeded 80 % split (the item2vec benches' split), and each item's genre indices.
 */
function loadWalks() {
  const ml = loadMovieLens();
  const { users, items } = ml.log;
  let numUsers = 0;
  for (let r = 0; r < users.length; r++) numUsers = Math.max(numUsers, users[r]! + 1);
  const genres: number[][] = Array.from({ length: ml.numItems }, (_, i) => {
    const flags: number[] = [];
    for (let g = 0; g < 19; g++) if (ml.genres[i * 19 + g] === 1) flags.push(g);
    return flags;
  });
  return { log: { users, items }, extent: { numUsers, numItems: ml.numItems, rows: trainingRows(users.length, 42) }, genres };
}

async function main() {
  const ml = loadWalks();
  const seeds = num('SEEDS', 1);
  const skipGram = { dim: num('DIM', 32), epochs: num('EPOCHS', 5), window: num('WINDOW', 5), ...(process.env.THREADS ? { threads: num('THREADS', 1) } : {}) };
  const bipartite = timed(() => userItemGraph(ml.log, ml.extent));
  const co = timed(() => itemCoOccurrenceGraph(ml.log, ml.extent));
  const co1 = timed(() => itemCoOccurrenceGraph(ml.log, { ...ml.extent, minCount: 1 }), 3);
  const B = bipartite.value;
  const graphs: Record<string, Record<string, number>> = {
    bipartite: { nodes: B.nodes, storedEdges: B.neighbours.length, buildMs: bipartite.ms, node2vecAliasEntries: aliasEntries(B) },
    coOccurrence: { nodes: co.value.nodes, storedEdges: co.value.neighbours.length, minCount: 2, buildMs: co.ms },
    coOccurrenceMinCount1: { storedEdges: co1.value.neighbours.length, buildMs: co1.ms },
  };
  const walkRuns: Record<string, unknown> = {};
  for (const [name, graph, p, q] of [
    ['bipartite deepwalk', B, 1, 1], ['bipartite p1 q0.5', B, 1, 0.5], ['bipartite p1 q2', B, 1, 2], ['bipartite p0.25 q4', B, 0.25, 4],
    ['cooccurrence deepwalk (weighted)', co.value, 1, 1], ['cooccurrence p1 q2', co.value, 1, 2],
  ] as const) {
    const run = timed(() => randomWalks(graph, { p, q }), 3);
    const walks = run.value.offsets.length - 1;
    walkRuns[name] = { walks, tokens: run.value.tokens.length, ms: run.ms, walksPerSecond: Math.round(walks / (run.ms / 1000)), tokensPerSecond: Math.round(run.value.tokens.length / (run.ms / 1000)) };
  }
  const cosine20 = itemCoOccurrenceGraph(ml.log, { ...ml.extent, weighting: 'cosine', maxNeighbours: 20 });
  const cosine50 = itemCoOccurrenceGraph(ml.log, { ...ml.extent, weighting: 'cosine', maxNeighbours: 50 });
  const cosine20min1 = itemCoOccurrenceGraph(ml.log, { ...ml.extent, weighting: 'cosine', maxNeighbours: 20, minCount: 1 });
  graphs.coOccurrenceCosineTop20 = { storedEdges: cosine20.neighbours.length };
  graphs.coOccurrenceCosineTop50 = { storedEdges: cosine50.neighbours.length };
  const all: [string, CsrGraph, Node2VecOptions][] = [
    ['deepwalk bipartite', B, {}],
    ['deepwalk bipartite, walks from items', B, { startNodes: bipartiteItemNodes(B) }],
    ['node2vec bipartite p1 q0.5', B, { p: 1, q: 0.5 }],
    ['node2vec bipartite p1 q2', B, { p: 1, q: 2 }],
    ['node2vec bipartite p0.25 q4', B, { p: 0.25, q: 4 }],
    ['node2vec bipartite p4 q1', B, { p: 4, q: 1 }],
    ['deepwalk cooccurrence count', co.value, {}],
    ['node2vec cooccurrence count p1 q2', co.value, { p: 1, q: 2 }],
    ['deepwalk cooccurrence cosine top20', cosine20, {}],
    ['deepwalk cooccurrence cosine top50', cosine50, {}],
    ['deepwalk cooccurrence cosine top20 minCount1', cosine20min1, {}],
    ['node2vec cooccurrence cosine top20 p1 q2', cosine20, { p: 1, q: 2 }],
  ];
  // CONFIGS: a regular expression choosing the embeddings to train (default: all).
  const pick = new RegExp(process.env.CONFIGS ?? '.');
  const configs = all.filter(([name]) => pick.test(name));
  const embeddings: Record<string, unknown> = {};
  let chance = NaN;
  for (const [name, graph, options] of configs) {
    const agreements: number[] = [];
    const trainSeconds: number[] = [];
    const walkSeconds: number[] = [];
    const coveredAgreements: number[] = [];
    let items = 0;
    for (let s = 0; s < seeds; s++) {
      const result = await trainNode2Vec(graph, { ...skipGram, ...options, seed: 42 + s });
      const genre = neighbourGenreAgreement(cosineSimilarity(result.itemVectors, result.dim), ml.genres, { k: 10 });
      agreements.push(genre.agreement);
      // The same embedding judged on the items the co-occurrence graph (minCount 2) covers only
      // (zero vectors count as missing), so that every embedding is compared on the same items.
      const covered = result.itemVectors.slice();
      for (let i = 0; i < co.value.nodes; i++) {
        if (co.value.offsets[i + 1] === co.value.offsets[i]) covered.fill(0, i * result.dim, (i + 1) * result.dim);
      }
      coveredAgreements.push(neighbourGenreAgreement(cosineSimilarity(covered, result.dim), ml.genres, { k: 10 }).agreement);
      chance = genre.chance;
      items = genre.items;
      trainSeconds.push(result.seconds);
      walkSeconds.push(result.walks.seconds);
    }
    const mean = agreements.reduce((a, b) => a + b, 0) / agreements.length;
    embeddings[name] = {
      genreAgreement10: round(mean),
      perSeed: agreements.map((a) => round(a)),
      itemsCounted: items,
      genreAgreement10OnCoOccurrenceItems: round(coveredAgreements.reduce((a, b) => a + b, 0) / coveredAgreements.length),
      walkSeconds: round(median(walkSeconds), 2),
      trainSeconds: round(median(trainSeconds), 2),
    };
    process.stderr.write(`${name}: ${round(mean)}\n`);
  }
  const result = {
    bench: 'walks-ml100k',
    data: 'ML-100K, training rows of the seeded 80 % split (mulberry32(42) shuffle)',
    machine: { cpus: cpus().length, node: process.version },
    walkDefaults: { walksPerNode: 10, walkLength: 40 },
    skipGram,
    graphs,
    walks: walkRuns,
    genreAgreement: { k: 10, chance: round(chance), seeds, embeddings },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
