import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, describeFailure, installProject, outcome, type CheckOutcome, type InstallOptions } from './consumer-project';
import { exampleModules } from './example-modules';
import { FAISS_PROBE, judgeFaissProbe, usesFaiss } from './faiss-probe';
import type { InstallSize } from './install-size';
import type { PackedPackage } from './pack';
import { firstTypeScriptBlock } from './readme-example';
import { runCommand, tail } from './run-command';
import { typecheckExample } from './typecheck-example';

export { cleanEnv, type CheckOutcome } from './consumer-project';

/** Options of {@link testConsumer} (and of its `npm install`: {@link InstallOptions}). */
export interface ConsumerTestOptions extends InstallOptions {
  /** Directory under which the consumer project is made (one sub-directory per package). */
  workDir: string;
  /** Timeout of each run of the example (ESM, CJS), ms. Default 180000. */
  runTimeoutMs?: number;
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
  /** The project's `node_modules` once installed: bytes, the `@tensorflow/*` share, the heaviest packages. */
  installSize?: InstallSize;
  typecheck: CheckOutcome;
  esm: CheckOutcome;
  cjs: CheckOutcome;
  /** True when the CommonJS form had to wrap a top-level await in an async function. */
  wrapped: boolean;
  /**
   * For a package using `@twotower/faiss-node` (`@twotower/index`): IVF searched with nprobe
   * honoured, or FAISS missing with one message saying what is missing and what to install.
   */
  faiss?: CheckOutcome;
}

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
  const installed = await installProject(
    projectDir,
    `consumer-of-${name.replace(/^@/, '').replace(/\//g, '-')}`,
    [target],
    internal.map((n) => packed.get(n)!),
    options,
  );
  result.install = installed.install;
  result.notes.push(...installed.notes);
  if (installed.size) result.installSize = installed.size;
  if (installed.install.status !== 'ok') return result;
  const env = cleanEnv();

  // 3. The example in four files: TypeScript for the type check, JavaScript to run.
  writeFileSync(join(projectDir, 'example.mts'), modules.esmSource);
  writeFileSync(join(projectDir, 'example.cts'), modules.cjsSource);
  writeFileSync(join(projectDir, 'example.mjs'), modules.esm);
  writeFileSync(join(projectDir, 'example.cjs'), modules.cjs);

  let started = Date.now();
  try {
    const errors = typecheckExample(projectDir, [join(projectDir, 'example.mts'), join(projectDir, 'example.cts')]);
    result.typecheck = outcome(errors.length > 0 ? 'fail' : 'ok', started, errors.join('\n'));
  } catch (error) {
    result.typecheck = outcome('fail', started, `type checker crashed: ${(error as Error).message}`);
  }

  // An example may mkdtemp under os.tmpdir() (to write a model, say) and, as a reader's script
  // would, leave it there: its temporary folder is inside the project, deleted with it.
  const exampleTmp = join(projectDir, 'tmp');
  mkdirSync(exampleTmp, { recursive: true });
  for (const kind of ['esm', 'cjs'] as const) {
    started = Date.now();
    const file = kind === 'esm' ? 'example.mjs' : 'example.cjs';
    const run = await runCommand(process.execPath, [file], { cwd: projectDir, env: { ...env, ...options.exampleEnv, TMPDIR: exampleTmp }, timeoutMs: options.runTimeoutMs ?? 180_000 });
    result[kind] = run.code === 0 && !run.timedOut ? outcome('ok', started, tail(run.stdout + run.stderr, 6)) : outcome('fail', started, describeFailure(`node ${file}`, run));
  }

  // 4. What FAISS the consumer got (a package depending on @twotower/faiss-node).
  if (usesFaiss(target.manifest)) {
    started = Date.now();
    writeFileSync(join(projectDir, 'probe-faiss.cjs'), FAISS_PROBE);
    const run = await runCommand(process.execPath, ['probe-faiss.cjs'], { cwd: projectDir, env, timeoutMs: options.runTimeoutMs ?? 180_000 });
    const verdict = run.code === 0 ? judgeFaissProbe(run.stdout) : { status: 'fail' as const, detail: describeFailure('node probe-faiss.cjs', run) };
    result.faiss = outcome(verdict.status, started, verdict.detail);
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
