import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleModules } from './example-modules';
import { installedCopies } from './installed-copies';
import type { PackedPackage } from './pack';
import { firstTypeScriptBlock } from './readme-example';
import { runCommand, tail, type CommandResult } from './run-command';
import { typecheckExample } from './typecheck-example';

/** Options of {@link testConsumer}. */
export interface ConsumerTestOptions {
  /** Directory under which the consumer project is made (one sub-directory per package). */
  workDir: string;
  /** npm cache shared by every consumer project, so tarballs download once. */
  npmCache: string;
  /** The npm executable. Default `'npm'`. */
  npm?: string;
  /** Timeout of `npm install`, ms. Default 600000. */
  installTimeoutMs?: number;
  /** Timeout of each run of the example (ESM, CJS), ms. Default 180000. */
  runTimeoutMs?: number;
  /** Version range of `@types/node` the consumer project installs to type-check the example. Default `'^20.17.0'`. */
  typesNode?: string;
  /**
   * Environment the examples run with, on top of the cleaned one: the data they read, e.g.
   * `ML100K_DIR`, `DATABASE_URL` (an example that names a variable missing here is skipped with the reason).
   */
  exampleEnv?: Record<string, string>;
  /** Why a variable of {@link EXAMPLE_DATA_ENV} is missing here, when the default reason is not the right one. */
  missingEnvReasons?: Record<string, string>;
}

/**
 * Variables an example may read, and why one is absent by default; an example that names one
 * missing from `exampleEnv` is skipped with that reason.
 */
export const EXAMPLE_DATA_ENV: Readonly<Record<string, string>> = {
  ML100K_DIR: 'that data is not on this machine (MovieLens 100K beside the repository: ../shared/data/ml-100k)',
  DATABASE_URL: 'no PostgreSQL with pgvector was started for it (bash tooling/scripts/pg-cluster.sh install, as root)',
};

/** Why the example `code` cannot run with `env` (it names a data variable that is missing), or undefined. */
export function missingDataReason(code: string, env: Readonly<Record<string, string>> = {}, reasons: Readonly<Record<string, string>> = {}): string | undefined {
  const missing = Object.keys(EXAMPLE_DATA_ENV).filter((v) => code.includes(v) && !env[v]);
  if (missing.length === 0) return undefined;
  return missing.map((v) => `the example reads ${v}, and ${reasons[v] ?? EXAMPLE_DATA_ENV[v]}`).join('; ');
}

/** Outcome of one check: `ok`, `fail`, or `skip` (with the reason in `detail`). */
export interface CheckOutcome {
  status: 'ok' | 'fail' | 'skip';
  /** Seconds it took. */
  seconds: number;
  /** Why it failed or was skipped, or what it printed (the last lines). */
  detail: string;
}

/** Everything the consumer test found for one package. */
export interface ConsumerTestResult {
  name: string;
  version: string;
  /** The project directory (kept for a look when something failed). */
  projectDir: string;
  /** The package's own workspace dependencies, installed from their tarballs. */
  internalDependencies: string[];
  install: CheckOutcome;
  /** Facts about the installed tree: tfjs-core copies, optional dependencies present or not. */
  notes: string[];
  typecheck: CheckOutcome;
  esm: CheckOutcome;
  cjs: CheckOutcome;
  /** True when the CommonJS form had to wrap a top-level await in an async function. */
  wrapped: boolean;
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

const outcome = (status: CheckOutcome['status'], started: number, detail = ''): CheckOutcome => ({
  status,
  seconds: Math.round((Date.now() - started) / 100) / 10,
  detail,
});

/**
 * Installs one packed package alone into an empty npm project (its workspace dependencies from
 * their own tarballs, everything else from the registry), then runs its README example as a
 * consumer would: type-checked as `.mts` and `.cts`, run with node as `.mjs` and `.cjs`.
 *
 * @param target The package under test.
 * @param packed Every packed workspace package, by name (for the internal dependencies).
 * @param internal Names of the workspace packages `target` needs at run time, transitively.
 */
export async function testConsumer(
  target: PackedPackage,
  packed: ReadonlyMap<string, PackedPackage>,
  internal: readonly string[],
  options: ConsumerTestOptions,
): Promise<ConsumerTestResult> {
  const { name, version, dir } = target.pkg;
  const skip = (detail: string): CheckOutcome => ({ status: 'skip', seconds: 0, detail });
  const projectDir = join(options.workDir, name.replace(/^@/, '').replace(/\//g, '__'));
  const result: ConsumerTestResult = {
    name,
    version,
    projectDir,
    internalDependencies: [...internal],
    install: skip('not reached'),
    notes: [],
    typecheck: skip('not reached'),
    esm: skip('not reached'),
    cjs: skip('not reached'),
    wrapped: false,
  };

  // 1. The README's example.
  const block = readmeExample(dir);
  if (typeof block === 'string') {
    result.install = result.typecheck = result.esm = result.cjs = skip(block);
    return result;
  }
  let modules;
  try {
    modules = exampleModules(block.code, { fileName: `${name}/README.md:${block.line}` });
  } catch (error) {
    result.install = skip('example not valid TypeScript');
    result.typecheck = result.esm = result.cjs = outcome('fail', Date.now(), (error as Error).message);
    return result;
  }
  result.wrapped = modules.wrapped;
  const missingData = missingDataReason(block.code, options.exampleEnv, options.missingEnvReasons);
  if (missingData !== undefined) {
    result.install = result.typecheck = result.esm = result.cjs = skip(missingData);
    return result;
  }

  // 2. An empty project with only this package (and its workspace dependencies as tarballs).
  mkdirSync(projectDir, { recursive: true });
  const dependencies: Record<string, string> = { [name]: `file:${target.tarball}` };
  for (const dep of internal) dependencies[dep] = `file:${packed.get(dep)!.tarball}`;
  const manifest = {
    name: `consumer-of-${name.replace(/^@/, '').replace(/\//g, '-')}`,
    version: '0.0.0',
    private: true,
    description: `Consumer test of ${name}: its README example run as ESM and CommonJS.`,
    dependencies,
    devDependencies: { '@types/node': options.typesNode ?? '^20.17.0' },
  };
  writeFileSync(join(projectDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

  let started = Date.now();
  const env = cleanEnv();
  const install = await runCommand(
    options.npm ?? 'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', '--cache', options.npmCache],
    { cwd: projectDir, env, timeoutMs: options.installTimeoutMs ?? 600_000 },
  );
  if (install.code !== 0) {
    result.install = outcome('fail', started, describeFailure('npm install', install));
    return result;
  }
  const problems = checkInstalledTree(projectDir, target, internal, packed, result.notes);
  result.install = outcome(problems.length > 0 ? 'fail' : 'ok', started, problems.join('\n'));
  if (problems.length > 0) return result;

  // 3. The example in four files: TypeScript for the type check, JavaScript to run.
  writeFileSync(join(projectDir, 'example.mts'), modules.esmSource);
  writeFileSync(join(projectDir, 'example.cts'), modules.cjsSource);
  writeFileSync(join(projectDir, 'example.mjs'), modules.esm);
  writeFileSync(join(projectDir, 'example.cjs'), modules.cjs);

  started = Date.now();
  try {
    const errors = typecheckExample(projectDir, [join(projectDir, 'example.mts'), join(projectDir, 'example.cts')]);
    result.typecheck = outcome(errors.length > 0 ? 'fail' : 'ok', started, errors.join('\n'));
  } catch (error) {
    result.typecheck = outcome('fail', started, `type checker crashed: ${(error as Error).message}`);
  }

  for (const kind of ['esm', 'cjs'] as const) {
    started = Date.now();
    const file = kind === 'esm' ? 'example.mjs' : 'example.cjs';
    const run = await runCommand(process.execPath, [file], { cwd: projectDir, env: { ...env, ...options.exampleEnv }, timeoutMs: options.runTimeoutMs ?? 180_000 });
    result[kind] = run.code === 0 && !run.timedOut ? outcome('ok', started, tail(run.stdout + run.stderr, 6)) : outcome('fail', started, describeFailure(`node ${file}`, run));
  }
  return result;
}

/**
 * The example a package's README shows (its first ```ts block), or why there is none (a string).
 */
export function readmeExample(packageDir: string): { code: string; line: number } | string {
  const readme = join(packageDir, 'README.md');
  if (!existsSync(readme)) return 'no README.md';
  return firstTypeScriptBlock(readFileSync(readme, 'utf8')) ?? 'README.md has no ```ts code block';
}

/**
 * What a consumer's tree must look like: each workspace package installed once, from its tarball's
 * version; one copy of every peer dependency a package declares (one tfjs instance). Adds facts
 * worth reporting to `notes`; returns the problems.
 */
function checkInstalledTree(
  projectDir: string,
  target: PackedPackage,
  internal: readonly string[],
  packed: ReadonlyMap<string, PackedPackage>,
  notes: string[],
): string[] {
  const problems: string[] = [];
  const involved = [target, ...internal.map((n) => packed.get(n)!)];
  const peers = new Map<string, string>();
  const optional = new Set<string>();
  for (const p of involved) {
    for (const [peer, range] of Object.entries(p.manifest.peerDependencies ?? {})) peers.set(peer, range);
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
  for (const [peer, range] of peers) {
    const found = copies.get(peer) ?? [];
    if (found.length !== 1) {
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

function describeFailure(what: string, r: CommandResult): string {
  const how = r.timedOut ? `timed out after ${Math.round(r.ms / 1000)} s` : `exited with code ${r.code}`;
  return `${what} ${how}:\n${tail(r.stdout + '\n' + r.stderr, 25)}`;
}
