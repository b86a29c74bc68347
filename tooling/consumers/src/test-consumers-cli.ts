#!/usr/bin/env node
/**
 * `pnpm test:consumers`: packs every public package of the workspace, installs each alone into an
 * empty npm project (its workspace dependencies from their own tarballs), and runs its README's
 * first ```ts block as a consumer would — type-checked, then run with node as ESM and as CommonJS.
 * A package without a ts block is skipped with the reason. Exits 1 when any check fails.
 *
 * Usage: node tooling/consumers/dist/test-consumers-cli.js [--only runtime,data] [--concurrency 2]
 *        [--keep] [--json report.json] [--cache DIR] [--timeout 300] [--root DIR]
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isSkip, startTestCluster, type TestCluster } from '@twotower/pg-test';
import { readmeExample, testConsumer, type CheckOutcome, type ConsumerTestResult } from './consumer-test';
import { setsFor, testInstallSet, type InstallSetResult } from './install-set';
import { formatInstallSize } from './install-size';
import { packPackages } from './pack';
import { mapPool } from './pool';
import { internalClosure, listPackages, type WorkspacePackage } from './workspace';

const USAGE = `usage: test-consumers [--only NAME[,NAME...]] [--concurrency N] [--keep] [--json FILE] [--cache DIR] [--timeout SECONDS] [--root DIR]
  --only         packages to test, by name or short name (runtime = @twotower/runtime); default all public packages in packages/
  --concurrency  consumer projects installed and run at once (default 2)
  --keep         keep the temporary projects (they are kept anyway when something fails)
  --json         also write the results as JSON to FILE
  --cache        npm cache shared by the projects (default $TWOTOWER_NPM_CACHE or <tmp>/twotower-npm-cache)
  --timeout      seconds each example run may take (default 300: the training example trains on MovieLens 100K)
  --root         the workspace root (default: three levels above this file)`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      concurrency: { type: 'string', default: '2' },
      keep: { type: 'boolean', default: false },
      json: { type: 'string' },
      cache: { type: 'string' },
      timeout: { type: 'string', default: '300' },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const concurrency = Number(values.concurrency);
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isInteger(concurrency) || concurrency < 1) return usageError(`--concurrency must be a positive integer, got ${values.concurrency}`);
  if (!(timeoutSeconds > 0)) return usageError(`--timeout must be a positive number of seconds, got ${values.timeout}`);

  const started = Date.now();
  const root = resolve(values.root ?? join(__dirname, '..', '..', '..'));
  const all = listPackages(root, { includePrivate: true });
  const workspace = new Map<string, WorkspacePackage>(all.map((p) => [p.name, p]));
  const publicPackages = all.filter((p) => !p.private);
  let targets = publicPackages;
  if (values.only) {
    const wanted = values.only.split(',').map((s) => s.trim()).filter(Boolean);
    targets = [];
    for (const w of wanted) {
      const pkg = publicPackages.find((p) => p.name === w || p.name === `@twotower/${w}`);
      if (!pkg) return usageError(`--only: no public package ${w} in ${join(root, 'packages')} (have: ${publicPackages.map((p) => p.name).join(', ')})`);
      targets.push(pkg);
    }
  }
  const closures = new Map(targets.map((t) => [t.name, internalClosure(t.name, workspace)]));
  // A package whose README has no example is skipped (and packed only when another one needs it).
  const runnable = targets.filter((t) => typeof readmeExample(t.dir) !== 'string');
  // packages installed together (runtime+towers+losses) when all of them are tested, with their size limit
  const sets = setsFor(targets.map((t) => t.name));
  const setInternal = new Map(sets.map((s) => [s.name, [...new Set(s.packages.flatMap((p) => closures.get(p)!))].sort()]));
  const needed = new Set([...runnable.flatMap((t) => [t.name, ...closures.get(t.name)!]), ...sets.flatMap((s) => [...s.packages, ...setInternal.get(s.name)!])]);
  const toPack = publicPackages.filter((p) => needed.has(p.name));

  const workDir = mkdtempSync(join(tmpdir(), 'twotower-consumers-'));
  const leak = ancestorNodeModules(workDir);
  if (leak) {
    console.error(`[consumers] ${leak} exists: packages there would resolve in the consumer projects; set TMPDIR to a directory without a node_modules above it`);
    return 1;
  }
  // the MovieLens 100K copy beside the repository, for the examples that train on it
  const ml100k = resolve(__dirname, '../../../../shared/data/ml-100k');
  const exampleEnv: Record<string, string> = existsSync(join(ml100k, 'u.data')) ? { ML100K_DIR: ml100k } : {};
  // a throw-away PostgreSQL + pgvector for the examples that read DATABASE_URL (or the reason there is none)
  const missingEnvReasons: Record<string, string> = {};
  let database: TestCluster | undefined;
  if (runnable.some((t) => (readmeExample(t.dir) as { code: string }).code.includes('DATABASE_URL'))) {
    const started = await startTestCluster();
    if (isSkip(started)) missingEnvReasons.DATABASE_URL = started.skip;
    else {
      database = started;
      exampleEnv.DATABASE_URL = started.primary;
      console.log(`[consumers] PostgreSQL for the examples that read DATABASE_URL: ${started.primary}`);
    }
  }
  try {
    return await runConsumers();
  } finally {
    await database?.stop();
  }

  async function runConsumers(): Promise<number> {
    const npmCache = resolve(values.cache ?? process.env.TWOTOWER_NPM_CACHE ?? join(tmpdir(), 'twotower-npm-cache'));
    console.log(`[consumers] packing ${toPack.length} packages into ${join(workDir, 'tarballs')}`);
    const packed = await packPackages(toPack, join(workDir, 'tarballs'));
    const packedByName = new Map(packed.map((p) => [p.pkg.name, p]));
    console.log(`[consumers] ${targets.length} consumer projects under ${workDir}, npm cache ${npmCache}, ${concurrency} at a time`);

    const deletions: Promise<void>[] = [];
    const results = await mapPool(targets, concurrency, async (t) => {
      const self = packedByName.get(t.name) ?? { pkg: t, tarball: '', files: [], manifest: t.manifest }; // unpacked: skipped
      const r = await testConsumer(self, packedByName, closures.get(t.name)!, {
        workDir,
        npmCache,
        runTimeoutMs: timeoutSeconds * 1000,
        exampleEnv,
        missingEnvReasons,
      });
      console.log(`[consumers] ${summaryLine(r)}`);
      // A passed project is 10-300 MB of node_modules: delete it now, while the others install.
      if (!values.keep && !hasFailure(r)) deletions.push(rm(r.projectDir, { recursive: true, force: true }));
      return r;
    });
    const setResults: InstallSetResult[] = [];
    for (const s of sets) {
      const r = await testInstallSet(s, packedByName, setInternal.get(s.name)!, { workDir, npmCache });
      console.log(`[consumers] set ${r.name}: install ${cell(r.install)}, size ${r.size.status === 'skip' ? 'skip' : r.size.status === 'ok' ? 'ok' : 'FAIL'} (${r.size.detail})`);
      if (!values.keep && !setFailed(r)) deletions.push(rm(r.projectDir, { recursive: true, force: true }));
      setResults.push(r);
    }
    await Promise.all(deletions);

    const failed = [...results.filter(hasFailure).map((r) => r.name), ...setResults.filter(setFailed).map((r) => `set ${r.name}`)];
    console.log('\n' + table(results));
    for (const r of results) printDetails(r);
    for (const r of setResults.filter(setFailed)) {
      console.log(`\n--- set ${r.name} FAILED (project ${r.projectDir})\n${[r.install.detail, r.size.status === 'fail' ? r.size.detail : ''].filter(Boolean).join('\n')}`);
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    const summary = {
      seconds,
      workDir,
      npmCache,
      passed: [...results.filter((r) => !hasFailure(r) && r.esm.status === 'ok').map((r) => r.name), ...setResults.filter((r) => r.size.status === 'ok').map((r) => `set ${r.name}`)],
      skipped: results.filter((r) => r.esm.status === 'skip' && !hasFailure(r)).map((r) => ({ name: r.name, reason: r.esm.detail })),
      failed,
      results,
      sets: setResults,
    };
    if (values.json) writeFileSync(values.json, JSON.stringify(summary, null, 2) + '\n');
    console.log(
      `\n[consumers] ${summary.passed.length} passed, ${summary.skipped.length} skipped, ${failed.length} failed in ${seconds} s` +
        (failed.length > 0 ? ` — failed: ${failed.join(', ')}` : ''),
    );
    if (failed.length > 0 || values.keep) console.log(`[consumers] projects kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
    return failed.length > 0 ? 1 : 0;
  }
}

function hasFailure(r: ConsumerTestResult): boolean {
  return [r.install, r.typecheck, r.esm, r.cjs, ...(r.faiss ? [r.faiss] : [])].some((c) => c.status === 'fail');
}

function setFailed(r: InstallSetResult): boolean {
  return r.install.status === 'fail' || r.size.status === 'fail';
}

function cell(c: CheckOutcome): string {
  return c.status === 'ok' ? `ok ${c.seconds}s` : c.status === 'fail' ? `FAIL ${c.seconds}s` : 'skip';
}

function summaryLine(r: ConsumerTestResult): string {
  if (r.esm.status === 'skip' && !hasFailure(r)) return `${r.name}: skipped (${r.esm.detail})`;
  return `${r.name}: install ${cell(r.install)}, types ${cell(r.typecheck)}, esm ${cell(r.esm)}, cjs ${cell(r.cjs)}` + (r.faiss ? `, faiss ${cell(r.faiss)} (${r.faiss.detail.slice(0, 400)})` : '');
}

function table(results: readonly ConsumerTestResult[]): string {
  const rows = [['package', 'install', 'node_modules', 'types', 'esm', 'cjs', 'notes']];
  for (const r of results) {
    const notes = [r.wrapped ? 'cjs: top-level await wrapped' : '', r.install.status === 'skip' ? r.install.detail : '', ...r.notes].filter(Boolean).join('; ');
    rows.push([r.name, cell(r.install), r.installSize ? formatInstallSize(r.installSize) : '-', cell(r.typecheck), cell(r.esm), cell(r.cjs), notes]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

function printDetails(r: ConsumerTestResult): void {
  const checks: [string, CheckOutcome][] = [['install', r.install], ['types', r.typecheck], ['esm', r.esm], ['cjs', r.cjs]];
  if (r.faiss) checks.push(['faiss', r.faiss]);
  for (const [what, c] of checks) {
    if (c.status === 'fail') console.log(`\n--- ${r.name} ${what} FAILED (project ${r.projectDir})\n${c.detail}`);
  }
}

/** The first `node_modules` directory in an ancestor of `dir`, if any. */
function ancestorNodeModules(dir: string): string | undefined {
  for (let d = dirname(dir); ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) return join(d, 'node_modules');
    if (dirname(d) === d) return undefined;
  }
}

function usageError(message: string): number {
  console.error(`test-consumers: ${message}\n${USAGE}`);
  return 2;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`[consumers] ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
