/**
 * Writes an artifact shaped like the trained ML-100K model — 1,682 items, 943 users, 85
 * interactions each (80,155 per-interaction query embeddings), dim 32 — with
 * `writeSyntheticArtifact` (`@twotower/training/test`: real recommender files, untrained towers,
 * clustered item embeddings), then takes its prebuilt FAISS indexes out of the manifest so that
 * the server builds exact indexes, as it does for ML-100K (exact below 100,000 rows). For serving
 * benchmarks without training first (`bench/serving.ts --model <dir> --skip-synthetic`).
 *
 *   pnpm --filter @twotower/serving exec tsx bench/ml100k-shaped.ts <dir>
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeSyntheticArtifact } from '@twotower/training/test';

/** The manifest fields this script edits. */
interface ManifestIndexes {
  files: Array<{ path: string }>;
  indexes?: Record<string, { file: string }>;
}

async function main(): Promise<void> {
  const arg = process.argv[2];
  if (arg === undefined) throw new Error('usage: tsx bench/ml100k-shaped.ts <dir>: give the directory to write the artifact to (replaced if it exists)');
  const dir = resolve(arg);
  await writeSyntheticArtifact(dir, { items: 1682, users: 943, rowsPerUser: 85, dim: 32, itemFactory: 'IVF16,Flat', queryFactory: 'IVF256,Flat', log: (l) => process.stderr.write(`${l}\n`) });
  const file = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as ManifestIndexes;
  const listed = Object.values(manifest.indexes ?? {}).map((x) => x.file);
  manifest.files = manifest.files.filter((f) => !listed.includes(f.path));
  delete manifest.indexes;
  writeFileSync(file, JSON.stringify(manifest, null, 2));
  for (const f of listed) if (existsSync(join(dir, f))) rmSync(join(dir, f));
  process.stderr.write(`${dir}: 1,682 items, 943 users, 80,155 query embeddings; prebuilt indexes removed (${listed.join(', ')}): the server builds exact ones\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`[ml100k-shaped] failed: ${(e as Error).message}\n`);
  process.exit(1);
});
