import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One installed copy of a package in a node_modules tree. */
export interface InstalledCopy {
  /** Path relative to the project, e.g. `node_modules/@tensorflow/tfjs-core`. */
  path: string;
  /** Version from its package.json. */
  version: string;
}

/**
 * Every installed copy of the packages whose names pass `match`, anywhere in the project's
 * node_modules tree (nested node_modules included). Two copies of `@tensorflow/tfjs-core` mean two
 * tfjs instances: kernels and backends registered in one are invisible to the other.
 *
 * @returns Copies per package name.
 */
export function installedCopies(projectDir: string, match: (name: string) => boolean): Map<string, InstalledCopy[]> {
  const found = new Map<string, InstalledCopy[]>();
  const visitPackage = (dir: string, name: string): void => {
    const manifest = join(dir, 'package.json');
    if (match(name) && existsSync(manifest)) {
      const version = String((JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version);
      const list = found.get(name) ?? [];
      list.push({ path: relative(projectDir, dir), version });
      found.set(name, list);
    }
    walk(join(dir, 'node_modules'));
  };
  const walk = (nodeModules: string): void => {
    if (!existsSync(nodeModules)) return;
    for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const dir = join(nodeModules, entry.name);
      if (entry.name.startsWith('@')) {
        for (const inner of readdirSync(dir, { withFileTypes: true })) {
          if (inner.isDirectory()) visitPackage(join(dir, inner.name), `${entry.name}/${inner.name}`);
        }
      } else {
        visitPackage(dir, entry.name);
      }
    }
  };
  walk(join(projectDir, 'node_modules'));
  return found;
}
