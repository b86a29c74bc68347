/**
 * t-SNE benchmark: @twotower/viz against scikit-learn on the same data, same settings, same
 * machine, one after the other. Prints progress to stderr and ONE JSON object to stdout whose
 * `summary` holds { bhSeconds10k, klBh1682, klExact1682, trustworthiness10k } (and the peer's
 * figures beside them).
 *
 *   pnpm bench:viz                               (from the repository root)
 *   pnpm --filter @twotower/viz bench -- [--model DIR] [--no-sklearn] [--sklearn-exact]
 *
 * Data:
 *   items1682      `--model DIR` (else $TWOTOWER_MODEL, else <repo>/models/ml-100k when it holds a
 *                  trained model): the artifact's candidate embeddings (candidates.f32, n × 32
 *                  float32 little-endian, + candidates.ids.json). Without one, a documented
 *                  stand-in: each ML-100K film's mean-centred rating vector (943 users) sketched to
 *                  32 dimensions by a fixed Gaussian random projection, rows L2-normalised; and
 *                  when ML-100K is absent too, 1,682 × 32 clustered points (19 clusters).
 *   clustered10k   10,000 × 32 Gaussian blobs (10 clusters, seed 1).
 * KL: each run's own final KL (Barnes-Hut: over its sparse P, as scikit-learn reports it), and
 * for the 1,682 points also `klDenseP`: the layout scored by exact t-SNE's objective (dense P),
 * which puts every method's layout on one scale.
 * scikit-learn runs with its default OpenMP threads and with OMP_NUM_THREADS=1 (on a loaded
 * 2-core machine OpenMP's spinning threads can be much slower); the faster is the comparison.
 * Settings (scikit-learn 1.2's defaults, set explicitly on both sides): perplexity 30, PCA
 * initialisation, 1,000 iterations, early exaggeration 12 for 250 iterations, learning rate
 * 'auto' = max(n / 12 / 4, 50), Barnes-Hut angle 0.5.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clusteredPoints, klDivergence, SeededRandom, trustworthiness, tsne, type TsneMethod } from '../src/index';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const log = (msg: string): void => {
  process.stderr.write(`[bench:viz] ${msg}\n`);
};
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const SETTINGS = { perplexity: 30, init: 'pca', iterations: 1000, earlyExaggeration: 12, earlyExaggerationIterations: 250, learningRate: 'auto', theta: 0.5 } as const;

interface Dataset {
  name: string;
  data: Float32Array;
  dim: number;
  source: string;
}

function itemsFromModel(dir: string): Dataset {
  const buf = readFileSync(path.join(dir, 'candidates.f32'));
  const ids = JSON.parse(readFileSync(path.join(dir, 'candidates.ids.json'), 'utf8')) as unknown[];
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  if (ids.length === 0 || data.length % ids.length !== 0) {
    throw new Error(`--model ${dir}: candidates.f32 holds ${data.length} floats, not a multiple of ${ids.length} ids`);
  }
  return { name: 'items1682', data, dim: data.length / ids.length, source: `candidate embeddings of the model at ${dir}` };
}

function itemsStandIn(): Dataset {
  const ml = process.env.ML100K_DIR ?? path.resolve(__dirname, '../../../../shared/data/ml-100k');
  const file = path.join(ml, 'u.data');
  const dim = 32;
  if (existsSync(file)) {
    const rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('\t').map(Number));
    const items = Math.max(...rows.map((r) => r[1]!));
    const users = Math.max(...rows.map((r) => r[0]!));
    const sum = new Float64Array(items + 1);
    const cnt = new Float64Array(items + 1);
    for (const [, i, r] of rows) {
      sum[i!]! += r!;
      cnt[i!]! += 1;
    }
    const rng = new SeededRandom(100);
    const proj = Float64Array.from({ length: (users + 1) * dim }, () => rng.normal());
    const data = new Float32Array(items * dim);
    const acc = new Float64Array(items * dim);
    for (const [u, i, r] of rows) {
      const centred = r! - sum[i!]! / cnt[i!]! + 0.5; // keep a little of "rated at all"
      for (let c = 0; c < dim; c++) acc[(i! - 1) * dim + c]! += centred * proj[u! * dim + c]!;
    }
    for (let i = 0; i < items; i++) {
      let norm = 0;
      for (let c = 0; c < dim; c++) norm += acc[i * dim + c]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let c = 0; c < dim; c++) data[i * dim + c] = acc[i * dim + c]! / norm;
    }
    return {
      name: 'items1682',
      data,
      dim,
      source: `stand-in (no --model given): ML-100K's ${items} films, each mean-centred rating vector over ${users} users sketched to ${dim}-d by a fixed Gaussian random projection, L2-normalised`,
    };
  }
  const c = clusteredPoints({ n: 1682, dim, clusters: 19, seed: 1682, centreSpread: 2 });
  return { name: 'items1682', data: c.data, dim, source: `stand-in (no --model, no ML-100K at ${ml}): 1,682 × 32 clustered points, 19 clusters` };
}

interface Run {
  impl: 'twotower' | 'scikit-learn';
  method: TsneMethod;
  data: string;
  n: number;
  seconds: number;
  kl: number;
  iterations: number;
  trustworthiness: number;
  /** The layout scored by exact t-SNE's objective (dense P); 1,682-point runs only. */
  klDenseP?: number;
  /** Threads used (scikit-learn: OpenMP threads). */
  threads?: number;
}

function ours(ds: Dataset, method: TsneMethod, threads: 1 | 2 | 'auto' = 'auto'): Run {
  log(`twotower ${method} on ${ds.name} (${ds.data.length / ds.dim} × ${ds.dim}, threads ${threads}) …`);
  const t0 = process.hrtime.bigint();
  const r = tsne(ds.data, ds.dim, { perplexity: 30, init: 'pca', iterations: 1000, method, learningRate: 'auto', earlyExaggeration: 12, theta: 0.5, threads });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const tw = trustworthiness(ds.data, ds.dim, r.embedding, 2);
  const n = ds.data.length / ds.dim;
  const klDenseP = n <= 5000 ? klDivergence(ds.data, ds.dim, r.embedding) : undefined;
  log(`  ${seconds.toFixed(2)} s, KL ${r.kl.toFixed(4)}${klDenseP !== undefined ? ` (dense-P ${klDenseP.toFixed(4)})` : ''}, trustworthiness ${tw.toFixed(4)}, ${r.threads} thread(s)`);
  return { impl: 'twotower', method, data: ds.name, n, seconds, kl: r.kl, iterations: r.iterations, trustworthiness: tw, threads: r.threads, ...(klDenseP !== undefined ? { klDenseP } : {}) };
}

const SKLEARN_SCRIPT = `
import json, sys, time
import numpy as np
import sklearn
from sklearn.manifold import TSNE, trustworthiness
from sklearn.utils._openmp_helpers import _openmp_effective_n_threads
path, dim, method, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
X = np.fromfile(path, dtype='<f4').reshape(-1, dim)
t = TSNE(n_components=2, perplexity=30.0, early_exaggeration=12.0, learning_rate='auto', n_iter=1000,
         init='pca', method=method, angle=0.5, random_state=0)
t0 = time.perf_counter()
Y = t.fit_transform(X)
seconds = time.perf_counter() - t0
tw = trustworthiness(X.astype(np.float64), Y.astype(np.float64), n_neighbors=5)
Y.astype('<f4').tofile(out)
print(json.dumps({"version": sklearn.__version__, "threads": _openmp_effective_n_threads(), "seconds": seconds,
                  "kl": float(t.kl_divergence_), "iterations": int(t.n_iter_), "trustworthiness": float(tw)}))
`;

function sklearnAvailable(): { ok: boolean; why?: string } {
  const r = spawnSync(PYTHON, ['-c', 'import sklearn, numpy; print(sklearn.__version__)'], { encoding: 'utf8' });
  if (r.status !== 0) return { ok: false, why: `${PYTHON} cannot import sklearn (apt-get install python3-sklearn): ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
  return { ok: true };
}

function theirs(ds: Dataset, method: 'barnes_hut' | 'exact', tmp: string, threads: 'default' | '1'): Run & { version: string; threads: number } {
  log(`scikit-learn ${method} on ${ds.name} (OpenMP threads: ${threads}) …`);
  const file = path.join(tmp, `${ds.name}.f32`);
  writeFileSync(file, Buffer.from(ds.data.buffer, ds.data.byteOffset, ds.data.byteLength));
  const script = path.join(tmp, 'tsne_sklearn.py');
  writeFileSync(script, SKLEARN_SCRIPT);
  const outFile = path.join(tmp, `${ds.name}.embedding.f32`);
  const env = { ...process.env };
  if (threads === '1') env.OMP_NUM_THREADS = '1';
  const out = execFileSync(PYTHON, [script, file, String(ds.dim), method, outFile], { encoding: 'utf8', maxBuffer: 1 << 24, env });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { version: string; threads: number; seconds: number; kl: number; iterations: number; trustworthiness: number };
  const n = ds.data.length / ds.dim;
  let klDenseP: number | undefined;
  if (n <= 5000) {
    const b = readFileSync(outFile);
    klDenseP = klDivergence(ds.data, ds.dim, new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
  }
  log(`  ${r.seconds.toFixed(2)} s, KL ${r.kl.toFixed(4)}${klDenseP !== undefined ? ` (dense-P ${klDenseP.toFixed(4)})` : ''}, trustworthiness ${r.trustworthiness.toFixed(4)} (${r.threads} threads)`);
  return {
    impl: 'scikit-learn',
    method: method === 'exact' ? 'exact' : 'barnes-hut',
    data: ds.name,
    n,
    seconds: r.seconds,
    kl: r.kl,
    iterations: r.iterations,
    trustworthiness: r.trustworthiness,
    ...(klDenseP !== undefined ? { klDenseP } : {}),
    version: r.version,
    threads: r.threads,
  };
}

function main(): void {
  const defaultModel = path.resolve(__dirname, '../../../models/ml-100k');
  const model =
    option('--model') ??
    process.env.TWOTOWER_MODEL ??
    (existsSync(path.join(defaultModel, 'candidates.f32')) && existsSync(path.join(defaultModel, 'candidates.ids.json')) ? defaultModel : undefined);
  const items = model ? itemsFromModel(model) : itemsStandIn();
  const c10 = clusteredPoints({ n: 10000, dim: 32, clusters: 10, seed: 1 });
  const clustered: Dataset = { name: 'clustered10k', data: c10.data, dim: 32, source: '10,000 × 32 Gaussian blobs: 10 centres ~ N(0, 10²), points ~ N(centre, 1), seed 1' };
  const loadStart = os.loadavg();
  const runs: Run[] = [ours(items, 'barnes-hut'), ours(items, 'exact'), ours(clustered, 'barnes-hut'), ours(clustered, 'barnes-hut', 1)];

  const peer: { available: boolean; why?: string; version?: string; runs: Run[] } = { available: false, runs: [] };
  const avail = flag('--no-sklearn') ? { ok: false, why: '--no-sklearn' } : sklearnAvailable();
  if (avail.ok) {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-viz-'));
    try {
      const threadChoices = (option('--sklearn-threads') ?? 'default,1').split(',') as ('default' | '1')[];
      for (const t of threadChoices) {
        for (const ds of [items, clustered]) {
          const r = theirs(ds, 'barnes_hut', tmp, t);
          peer.version = r.version;
          peer.runs.push(r);
        }
      }
      peer.available = true;
      if (flag('--sklearn-exact')) peer.runs.push(theirs(items, 'exact', tmp, 'default'));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  } else {
    peer.why = avail.why;
    log(`scikit-learn not measured: ${avail.why}`);
  }
  // the fastest run of that data and method (for scikit-learn: over its thread settings)
  const find = (list: Run[], data: string, method: TsneMethod): Run | undefined =>
    list.filter((r) => r.data === data && r.method === method).sort((a, b) => a.seconds - b.seconds)[0];
  const bh10k = runs[2]!; // the default settings (threads 'auto')
  const bh10kOneThread = runs[3]!;
  const bh1682 = find(runs, 'items1682', 'barnes-hut')!;
  const ex1682 = find(runs, 'items1682', 'exact')!;
  const skBh10k = find(peer.runs, 'clustered10k', 'barnes-hut');
  const skBh1682 = find(peer.runs, 'items1682', 'barnes-hut');
  const round = (v: number, d = 4): number => Number(v.toFixed(d));
  const roundRun = (r: Run): Run => ({
    ...r,
    seconds: round(r.seconds, 3),
    kl: round(r.kl),
    trustworthiness: round(r.trustworthiness),
    ...(r.klDenseP !== undefined ? { klDenseP: round(r.klDenseP) } : {}),
  });
  const result = {
    benchmark: 't-SNE: @twotower/viz vs scikit-learn, same data and settings, run one after the other',
    machine: { cpus: os.cpus().length, node: process.version, loadavgStart: loadStart.map((v) => round(v, 2)), loadavgEnd: os.loadavg().map((v) => round(v, 2)) },
    settings: SETTINGS,
    data: {
      items1682: { n: items.data.length / items.dim, dim: items.dim, source: items.source },
      clustered10k: { n: 10000, dim: 32, source: clustered.source },
    },
    runs: runs.map(roundRun),
    sklearn: { ...peer, runs: peer.runs.map(roundRun) },
    summary: {
      bhSeconds10k: round(bh10k.seconds, 3),
      klBh1682: round(bh1682.kl),
      klExact1682: round(ex1682.kl),
      trustworthiness10k: round(bh10k.trustworthiness),
      bhThreads10k: bh10k.threads ?? 1,
      bhSecondsOneThread10k: round(bh10kOneThread.seconds, 3),
      bhSeconds1682: round(bh1682.seconds, 3),
      exactSeconds1682: round(ex1682.seconds, 3),
      klBhOverExact1682: round(bh1682.kl / ex1682.kl),
      klDensePBh1682: round(bh1682.klDenseP!),
      klDensePExact1682: round(ex1682.klDenseP!),
      sklearnKlDensePBh1682: skBh1682?.klDenseP !== undefined ? round(skBh1682.klDenseP) : null,
      sklearnBhSeconds10k: skBh10k ? round(skBh10k.seconds, 3) : null,
      sklearnBhThreads10k: skBh10k?.threads ?? null,
      sklearnBhSeconds1682: skBh1682 ? round(skBh1682.seconds, 3) : null,
      sklearnKlBh10k: skBh10k ? round(skBh10k.kl) : null,
      sklearnKlBh1682: skBh1682 ? round(skBh1682.kl) : null,
      sklearnTrustworthiness10k: skBh10k ? round(skBh10k.trustworthiness) : null,
      targets: {
        bhAtMostSklearnSeconds10k: skBh10k ? bh10k.seconds <= skBh10k.seconds : null,
        bhAtMostStated33s10k: bh10k.seconds <= 33,
        klBhWithin5PctOfExact1682: Math.abs(bh1682.kl - ex1682.kl) / ex1682.kl <= 0.05,
        klDensePBhWithin5PctOfExact1682: Math.abs(bh1682.klDenseP! - ex1682.klDenseP!) / ex1682.klDenseP! <= 0.05,
      },
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main();
