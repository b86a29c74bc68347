import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand, tail } from './run-command';
import { tarballName, type PackageManifest, type WorkspacePackage } from './workspace';

/** Options of {@link packPackages}. */
export interface PackOptions {
  /** The pnpm executable. Default `'pnpm'` (from PATH). */
  pnpm?: string;
  /** Environment of the pnpm commands. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** A packed package: the tarball `pnpm pack` wrote, its file list and its rewritten package.json. */
export interface PackedPackage {
  /** The package as found in the workspace. */
  pkg: WorkspacePackage;
  /** Absolute path of the tarball. */
  tarball: string;
  /** Paths inside the tarball without the leading `package/`, sorted. */
  files: string[];
  /** The package.json inside the tarball (pnpm has replaced `workspace:` ranges with versions). */
  manifest: PackageManifest;
}

/**
 * Packs each package with `pnpm pack` (which rewrites `workspace:^` to the version range a
 * registry would see) into `dest`, one after the other.
 *
 * @throws Error naming the package whose pack failed, with pnpm's output, or whose build is missing.
 */
export async function packPackages(pkgs: readonly WorkspacePackage[], dest: string, options: PackOptions = {}): Promise<PackedPackage[]> {
  const out: PackedPackage[] = [];
  for (const pkg of pkgs) out.push(await packPackage(pkg, dest, options));
  return out;
}

/** Packs one package into `dest` (see {@link packPackages}). */
export async function packPackage(pkg: WorkspacePackage, dest: string, options: PackOptions = {}): Promise<PackedPackage> {
  mkdirSync(dest, { recursive: true });
  if (!existsSync(join(pkg.dir, 'dist'))) {
    throw new Error(`${pkg.name}: no dist/ in ${pkg.dir}; build first (pnpm --filter ${pkg.name}... build)`);
  }
  const r = await runCommand(options.pnpm ?? 'pnpm', ['pack', '--pack-destination', dest], { cwd: pkg.dir, env: options.env, timeoutMs: 120_000 });
  const tarball = join(dest, tarballName(pkg.name, pkg.version));
  if (r.code !== 0 || !existsSync(tarball)) {
    throw new Error(`${pkg.name}: pnpm pack failed (exit ${r.code}${r.timedOut ? ', timed out' : ''}):\n${tail(r.stdout + r.stderr, 20)}`);
  }
  return { pkg, tarball, files: await tarballFiles(tarball), manifest: await packedManifest(tarball) };
}

/** Paths inside a package tarball, without the leading `package/`, sorted. */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const r = await runCommand('tar', ['-tzf', tarball]);
  if (r.code !== 0) throw new Error(`${tarball}: cannot list (tar exit ${r.code}): ${tail(r.stderr, 5)}`);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '' && !l.endsWith('/'))
    .map((l) => l.replace(/^package\//, ''))
    .sort();
}

/** The package.json inside a package tarball. */
export async function packedManifest(tarball: string): Promise<PackageManifest> {
  const r = await runCommand('tar', ['-xzOf', tarball, 'package/package.json']);
  if (r.code !== 0) throw new Error(`${tarball}: no package/package.json (tar exit ${r.code}): ${tail(r.stderr, 5)}`);
  return JSON.parse(r.stdout) as PackageManifest;
}
