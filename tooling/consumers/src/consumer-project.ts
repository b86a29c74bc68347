import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installedCopies } from './installed-copies';
import { installSize, type InstallSize } from './install-size';
import type { PackedPackage } from './pack';
import { runCommand, tail, type CommandResult } from './run-command';

/** Outcome of one check: `ok`, `fail`, or `skip` (with the reason in `detail`). */
export interface CheckOutcome {
  status: 'ok' | 'fail' | 'skip';
  /** Seconds it took. */
  seconds: number;
  /** Why it failed or was skipped, or what it printed (the last lines). */
  detail: string;
}

/** How a consumer project is installed: see {@link installProject}. */
export interface InstallOptions {
  /** npm cache shared by every consumer project, so tarballs download once. */
  npmCache: string;
  /** The npm executable. Default `'npm'`. */
  npm?: string;
  /** Timeout of `npm install`, ms. Default 600000. */
  installTimeoutMs?: number;
  /** Version range of `@types/node` the consumer project installs to type-check examples. Default `'^20.17.0'`. */
  typesNode?: string;
}

/** What {@link installProject} did. */
export interface InstalledProject {
  install: CheckOutcome;
  /** Facts about the installed tree: tfjs-core copies, optional dependencies present or not. */
  notes: string[];
  /** `node_modules` after the install (undefined when it failed). */
  size?: InstallSize;
}

/**
 * Environment variables dropped before running npm and the examples: what pnpm sets for its scripts
 * (`npm_package_*`, `npm_lifecycle_*`, its own `npm_config_*` view of the workspace's .npmrc, ...) and
 * the data paths examples read. npm settings a machine needs to reach its registry are kept.
 */
const DROPPED_ENV = /^(npm_|pnpm_|NODE_OPTIONS$|NODE_PATH$|ML100K_DIR$|DATABASE_URL$|DOWNLOAD$|INIT_CWD$)/i;
const KEPT_NPM_ENV = /^npm_config_(.*registry.*|.*proxy.*|cafile|ca|strict_ssl|userconfig|globalconfig)$/i;

/** `env` without pnpm's script variables and the examples' data paths (see DROPPED_ENV). */
export function cleanEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!DROPPED_ENV.test(k) || KEPT_NPM_ENV.test(k)) out[k] = v;
  return out;
}

/** A finished check that began at `started` (ms since the epoch). */
export const outcome = (status: CheckOutcome['status'], started: number, detail = ''): CheckOutcome => ({
  status,
  seconds: Math.round((Date.now() - started) / 100) / 10,
  detail,
});

/**
 * Makes an empty npm project in `projectDir` that depends on the tarballs of `packages` (and of
 * their workspace dependencies `internal`) — everything else comes from the registry — runs
 * `npm install`, checks the tree ({@link checkInstalledTree}) and measures `node_modules`.
 *
 * @param packages The packages the project asks for (their tarballs).
 * @param internal Workspace packages they need at run time, installed from their tarballs too.
 */
export async function installProject(
  projectDir: string,
  projectName: string,
  packages: readonly PackedPackage[],
  internal: readonly PackedPackage[],
  options: InstallOptions,
): Promise<InstalledProject> {
  mkdirSync(projectDir, { recursive: true });
  const dependencies: Record<string, string> = {};
  for (const p of [...packages, ...internal]) dependencies[p.pkg.name] = `file:${p.tarball}`;
  const manifest = {
    name: projectName,
    version: '0.0.0',
    private: true,
    description: `Consumer test of ${packages.map((p) => p.pkg.name).join(', ')}.`,
    dependencies,
    devDependencies: { '@types/node': options.typesNode ?? '^20.17.0' },
  };
  writeFileSync(join(projectDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

  const started = Date.now();
  const install = await runCommand(
    options.npm ?? 'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', '--cache', options.npmCache],
    { cwd: projectDir, env: cleanEnv(), timeoutMs: options.installTimeoutMs ?? 600_000 },
  );
  if (install.code !== 0) return { install: outcome('fail', started, describeFailure('npm install', install)), notes: [] };
  const notes: string[] = [];
  const problems = checkInstalledTree(projectDir, [...packages, ...internal], notes);
  return { install: outcome(problems.length > 0 ? 'fail' : 'ok', started, problems.join('\n')), notes, size: installSize(projectDir) };
}

/**
 * What a consumer's tree must look like: each workspace package installed once, from its tarball's
 * version; one copy of every peer dependency a package declares (one tfjs instance) — at most one
 * of an optional peer (`peerDependenciesMeta.<name>.optional`). Adds facts worth reporting to
 * `notes`; returns the problems.
 */
export function checkInstalledTree(projectDir: string, involved: readonly PackedPackage[], notes: string[]): string[] {
  const problems: string[] = [];
  const peers = new Map<string, { range: string; optional: boolean }>();
  const optional = new Set<string>();
  for (const p of involved) {
    const meta = (p.manifest.peerDependenciesMeta ?? {}) as Record<string, { optional?: boolean } | undefined>;
    for (const [peer, range] of Object.entries(p.manifest.peerDependencies ?? {})) {
      const isOptional = meta[peer]?.optional === true && (peers.get(peer)?.optional ?? true);
      peers.set(peer, { range, optional: isOptional });
    }
    for (const opt of Object.keys(p.manifest.optionalDependencies ?? {})) optional.add(opt);
  }
  const names = new Set([...involved.map((p) => p.pkg.name), ...peers.keys(), ...optional]);
  const copies = installedCopies(projectDir, (n) => names.has(n));
  for (const p of involved) {
    const found = copies.get(p.pkg.name) ?? [];
    if (found.length !== 1 || found[0]!.version !== p.pkg.version) {
      problems.push(`${p.pkg.name}: expected one copy at version ${p.pkg.version}, found ${JSON.stringify(found)}`);
    }
  }
  for (const [peer, { range, optional: isOptional }] of peers) {
    const found = copies.get(peer) ?? [];
    if (isOptional && found.length === 0) {
      notes.push(`optional peer ${peer}: not installed (fine)`);
    } else if (found.length !== 1) {
      problems.push(`peer ${peer}@${range}: expected exactly one installed copy (one shared instance), found ${found.length}: ${found.map((c) => `${c.path}@${c.version}`).join(', ') || 'none'}`);
    } else {
      notes.push(`peer ${peer} ${found[0]!.version} installed once`);
    }
  }
  for (const opt of [...optional].sort()) {
    notes.push(`optional ${opt}: ${(copies.get(opt) ?? []).length > 0 ? 'installed' : 'not installed (its install failed or was skipped; fine)'}`);
  }
  return problems;
}

/** `what` failed: how, and the end of its output. */
export function describeFailure(what: string, r: CommandResult): string {
  const how = r.timedOut ? `timed out after ${Math.round(r.ms / 1000)} s` : `exited with code ${r.code}`;
  return `${what} ${how}:\n${tail(r.stdout + '\n' + r.stderr, 25)}`;
}
