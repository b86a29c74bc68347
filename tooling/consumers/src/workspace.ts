import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One package of the workspace, as its package.json describes it. */
export interface WorkspacePackage {
  /** Package name, e.g. `@twotower/runtime`. */
  name: string;
  /** Version in package.json. */
  version: string;
  /** Absolute directory of the package. */
  dir: string;
  /** True for `"private": true` packages (apps, tooling): never packed or published. */
  private: boolean;
  /** The parsed package.json. */
  manifest: PackageManifest;
}

/** The package.json fields this tooling reads. */
export interface PackageManifest {
  name?: string;
  version?: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/** Options of {@link listPackages}. */
export interface ListPackagesOptions {
  /** Folders (relative to the root) whose sub-directories are packages. Default `['packages']`. */
  folders?: readonly string[];
  /** Include private packages. Default `false`. */
  includePrivate?: boolean;
}

/**
 * Lists the workspace's packages found in `folders` (each sub-directory with a package.json),
 * sorted by name.
 *
 * @throws Error naming the package.json that has no name or version.
 */
export function listPackages(root: string, options: ListPackagesOptions = {}): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const folder of options.folders ?? ['packages']) {
    const base = join(root, folder);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      const dir = join(base, entry.name);
      const file = join(dir, 'package.json');
      if (!entry.isDirectory() || !existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as PackageManifest;
      if (typeof manifest.name !== 'string' || typeof manifest.version !== 'string') {
        throw new Error(`${file}: "name" and "version" are required; add them`);
      }
      const pkg = { name: manifest.name, version: manifest.version, dir, private: manifest.private === true, manifest };
      if (!pkg.private || options.includePrivate) out.push(pkg);
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Names of workspace packages `pkg` needs at run time: dependencies, optional and peer dependencies. */
export function directInternalDependencies(pkg: WorkspacePackage, workspace: ReadonlyMap<string, WorkspacePackage>): string[] {
  const { dependencies = {}, optionalDependencies = {}, peerDependencies = {} } = pkg.manifest;
  const names = new Set([...Object.keys(dependencies), ...Object.keys(optionalDependencies), ...Object.keys(peerDependencies)]);
  return [...names].filter((n) => workspace.has(n)).sort();
}

/**
 * Every workspace package `name` needs at run time, transitively, without `name` itself: what a
 * consumer project must get from packed tarballs because the registry does not have them.
 *
 * @throws Error when `name` is not in the workspace, or a package depends on a private one.
 */
export function internalClosure(name: string, workspace: ReadonlyMap<string, WorkspacePackage>): string[] {
  const seen = new Set<string>();
  const stack = [name];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const pkg = workspace.get(current);
    if (!pkg) throw new Error(`${current}: not a package of the workspace`);
    for (const dep of directInternalDependencies(pkg, workspace)) {
      if (workspace.get(dep)!.private) {
        throw new Error(`${current} depends on the private package ${dep}: a consumer cannot install it; make ${dep} public or drop the dependency`);
      }
      if (dep !== name && !seen.has(dep)) {
        seen.add(dep);
        stack.push(dep);
      }
    }
  }
  return [...seen].sort();
}

/** The file name `pnpm pack` gives a package's tarball: `@scope/name` 1.2.3 -> `scope-name-1.2.3.tgz`. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace(/\//g, '-')}-${version}.tgz`;
}
