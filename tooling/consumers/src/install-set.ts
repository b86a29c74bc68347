import { join } from 'node:path';
import { installProject, type CheckOutcome, type InstallOptions } from './consumer-project';
import { formatInstallSize, MB, type InstallSize } from './install-size';
import type { PackedPackage } from './pack';

/** Packages a consumer typically installs together, and the most their `node_modules` may weigh. */
export interface InstallSet {
  /** Short name, e.g. `runtime+towers+losses`. */
  name: string;
  /** Full package names. */
  packages: readonly string[];
  /** Most bytes `node_modules` may hold (decimal: 80 MB = 80,000,000 bytes). */
  maxBytes: number;
}

/**
 * The sets the consumer test installs together when all their packages are tested: runtime,
 * towers and losses — what training a model needs — within 80 MB (tfjs-core, the wasm and cpu
 * backends; not the `@tensorflow/tfjs` umbrella with layers, converter, data and webgl).
 */
export const INSTALL_SETS: readonly InstallSet[] = [
  { name: 'runtime+towers+losses', packages: ['@twotower/runtime', '@twotower/towers', '@twotower/losses'], maxBytes: 80 * MB },
];

/** What the consumer test found for one {@link InstallSet}. */
export interface InstallSetResult {
  name: string;
  packages: string[];
  /** The project directory (kept for a look when something failed). */
  projectDir: string;
  /** Workspace packages installed from their tarballs besides `packages`. */
  internalDependencies: string[];
  install: CheckOutcome;
  notes: string[];
  installSize?: InstallSize;
  limitBytes: number;
  /** `fail` when `node_modules` is heavier than `limitBytes`. */
  size: CheckOutcome;
}

/** The sets whose packages are all among `tested` (names). */
export function setsFor(tested: readonly string[], sets: readonly InstallSet[] = INSTALL_SETS): InstallSet[] {
  return sets.filter((s) => s.packages.every((p) => tested.includes(p)));
}

/** `ok` when `size` is within `maxBytes`, else `fail` naming the heaviest packages. */
export function sizeVerdict(size: InstallSize, maxBytes: number): CheckOutcome {
  const limit = `${(maxBytes / MB).toFixed(0)} MB`;
  if (size.bytes <= maxBytes) return { status: 'ok', seconds: 0, detail: `${formatInstallSize(size)} <= ${limit}` };
  const heaviest = size.largest.slice(0, 5).map((p) => `${p.name} ${(p.bytes / MB).toFixed(1)} MB`).join(', ');
  return { status: 'fail', seconds: 0, detail: `${formatInstallSize(size)} > ${limit}; the heaviest packages: ${heaviest}` };
}

/**
 * Installs the packages of `set` together into one empty npm project (workspace dependencies from
 * their tarballs), checks the tree as the single-package test does, and measures `node_modules`
 * against the set's limit. Runs no example: each package's own consumer test does.
 *
 * @param internal Workspace packages the set needs at run time besides its own, transitively.
 */
export async function testInstallSet(
  set: InstallSet,
  packed: ReadonlyMap<string, PackedPackage>,
  internal: readonly string[],
  options: InstallOptions & { workDir: string },
): Promise<InstallSetResult> {
  const projectDir = join(options.workDir, `set__${set.name.replace(/[^a-z0-9]+/gi, '-')}`);
  const own = set.packages.map((n) => packed.get(n)!);
  const rest = internal.filter((n) => !set.packages.includes(n)).map((n) => packed.get(n)!);
  const installed = await installProject(projectDir, `consumer-of-${set.name.replace(/[^a-z0-9]+/gi, '-')}`, own, rest, options);
  const result: InstallSetResult = {
    name: set.name,
    packages: [...set.packages],
    projectDir,
    internalDependencies: rest.map((p) => p.pkg.name),
    install: installed.install,
    notes: installed.notes,
    limitBytes: set.maxBytes,
    size: { status: 'skip', seconds: 0, detail: 'not installed' },
  };
  if (installed.size) {
    result.installSize = installed.size;
    result.size = sizeVerdict(installed.size, set.maxBytes);
  }
  return result;
}
