import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** How much a consumer project's `node_modules` weighs (file bytes, symlinks not followed, hard links once). */
export interface InstallSize {
  /** Bytes of every regular file under `node_modules`. */
  bytes: number;
  /** Bytes under any `node_modules/@tensorflow/` (nested copies included). */
  tensorflowBytes: number;
  /** Regular files counted. */
  files: number;
  /** The heaviest installed packages (`@scope/name` or `name`, nested copies added to their name), heaviest first. */
  largest: { name: string; bytes: number }[];
}

/** Bytes in a decimal megabyte, the unit install sizes are reported and limited in. */
export const MB = 1_000_000;

/**
 * Measures `<projectDir>/node_modules`: total file bytes, the `@tensorflow/*` share and the
 * `top` heaviest packages. Sizes are file lengths (what `du --apparent-size -b` adds up), so
 * the figure does not depend on the file system's block size.
 *
 * @param top How many of the heaviest packages to list. Default 8.
 */
export function installSize(projectDir: string, top = 8): InstallSize {
  const byPackage = new Map<string, number>();
  let bytes = 0;
  let tensorflowBytes = 0;
  let files = 0;
  const seen = new Set<string>();
  // walks one package directory (or any directory inside one), charging its files to `pkg`
  const walk = (dir: string, pkg: string | undefined): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules') walkNodeModules(path);
        else walk(path, pkg);
      } else if (entry.isFile()) {
        const stat = lstatSync(path);
        if (stat.nlink > 1) {
          // a hard link of a file already counted (node-gyp copies its binary that way)
          const key = `${stat.dev}:${stat.ino}`;
          if (seen.has(key)) continue;
          seen.add(key);
        }
        const size = stat.size;
        bytes += size;
        files++;
        if (pkg !== undefined) {
          byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + size);
          if (pkg.startsWith('@tensorflow/')) tensorflowBytes += size;
        }
      }
    }
  };
  const walkNodeModules = (nodeModules: string): void => {
    for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
      const path = join(nodeModules, entry.name);
      if (!entry.isDirectory()) {
        if (entry.isFile()) {
          const size = lstatSync(path).size; // e.g. .package-lock.json
          bytes += size;
          files++;
        }
        continue;
      }
      if (entry.name.startsWith('@')) {
        for (const inner of readdirSync(path, { withFileTypes: true })) {
          if (inner.isDirectory()) walk(join(path, inner.name), `${entry.name}/${inner.name}`);
        }
      } else if (entry.name === '.bin' || entry.name.startsWith('.')) {
        walk(path, undefined);
      } else {
        walk(path, entry.name);
      }
    }
  };
  const root = join(projectDir, 'node_modules');
  if (existsSync(root)) walkNodeModules(root);
  const largest = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, b]) => ({ name, bytes: b }));
  return { bytes, tensorflowBytes, files, largest };
}

/** `66.1 MB (@tensorflow 62.0 MB)`: an install size in decimal megabytes. */
export function formatInstallSize(size: InstallSize): string {
  return `${(size.bytes / MB).toFixed(1)} MB (@tensorflow ${(size.tensorflowBytes / MB).toFixed(1)} MB)`;
}
