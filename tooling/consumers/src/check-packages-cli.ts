#!/usr/bin/env node
/**
 * `pnpm check:packages`: packs every public package with pnpm (as a release would) and checks the
 * tarball as a registry consumer gets it: the project's own rules (files, metadata, tfjs as a peer,
 * no `workspace:` ranges), publint, and @arethetypeswrong/cli (types resolve for CommonJS and ESM
 * consumers under node10, node16 and bundler resolution). Exits 1 on any error or warning.
 *
 * Usage: node tooling/consumers/dist/check-packages-cli.js [--only runtime,data] [--json FILE] [--root DIR]
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkPackedPackage } from './metadata-rules';
import { packPackage, type PackedPackage } from './pack';
import { runCommand, tail } from './run-command';
import { listPackages } from './workspace';

/** What the checks found for one package. */
interface PackageReport {
  name: string;
  version: string;
  tarball?: { bytes: number; files: number };
  rules: string[];
  publint: { errors: string[]; warnings: string[]; suggestions: string[] };
  attw: { problems: string[]; resolution: Record<string, Record<string, string>> };
  error?: string;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, json: { type: 'string' }, root: { type: 'string' } } });
  const root = resolve(values.root ?? join(__dirname, '..', '..', '..'));
  let pkgs = listPackages(root);
  if (values.only) {
    const wanted = new Set(values.only.split(',').flatMap((w) => [w.trim(), `@twotower/${w.trim()}`]));
    pkgs = pkgs.filter((p) => wanted.has(p.name));
  }
  const dest = mkdtempSync(join(tmpdir(), 'twotower-check-packages-'));
  const reports: PackageReport[] = [];
  try {
    for (const pkg of pkgs) {
      const report: PackageReport = { name: pkg.name, version: pkg.version, rules: [], publint: { errors: [], warnings: [], suggestions: [] }, attw: { problems: [], resolution: {} } };
      reports.push(report);
      let packed: PackedPackage;
      try {
        packed = await packPackage(pkg, dest);
      } catch (error) {
        report.error = (error as Error).message;
        continue;
      }
      report.tarball = { bytes: statSync(packed.tarball).size, files: packed.files.length };
      report.rules = checkPackedPackage(packed.manifest, packed.files);
      report.publint = await runPublint(packed.tarball);
      report.attw = await runAttw(packed.tarball);
    }
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }

  let failed = 0;
  for (const r of reports) {
    const problems = [...(r.error ? [r.error] : []), ...r.rules, ...r.publint.errors, ...r.publint.warnings, ...r.attw.problems];
    if (problems.length > 0) failed++;
    const size = r.tarball ? ` (${r.tarball.files} files, ${(r.tarball.bytes / 1024).toFixed(1)} kB packed)` : '';
    console.log(`${problems.length > 0 ? 'FAIL' : 'ok  '} ${r.name}@${r.version}${size}`);
    const line = (kind: string, list: readonly string[]): void => list.forEach((m) => console.log(`     ${kind}: ${m}`));
    line('pack', r.error ? [r.error] : []);
    line('rule', r.rules);
    line('publint error', r.publint.errors);
    line('publint warning', r.publint.warnings);
    line('publint suggestion', r.publint.suggestions);
    line('attw', r.attw.problems);
    const modes = Object.entries(r.attw.resolution).map(([entry, byMode]) => `${entry} ${Object.entries(byMode).map(([m, v]) => `${m}=${v}`).join(' ')}`);
    line('types', modes);
  }
  if (values.json) writeFileSync(values.json, JSON.stringify(reports, null, 2) + '\n');
  console.log(`\n[check:packages] ${reports.length - failed} ok, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

async function runPublint(tarball: string): Promise<PackageReport['publint']> {
  const { publint } = await import('publint');
  const { formatMessage } = await import('publint/utils');
  const data = readFileSync(tarball);
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  const result = await publint({ pack: { tarball: buffer }, level: 'suggestion' });
  const out: PackageReport['publint'] = { errors: [], warnings: [], suggestions: [] };
  for (const m of result.messages) {
    const text = `${formatMessage(m, result.pkg, { color: false }) ?? m.code} [${m.code}]`;
    if (m.type === 'error') out.errors.push(text);
    else if (m.type === 'warning') out.warnings.push(text);
    else out.suggestions.push(text);
  }
  return out;
}

/** Runs `attw <tarball> --format json` and turns its problems into sentences, plus the resolution table. */
async function runAttw(tarball: string): Promise<PackageReport['attw']> {
  const bin = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist', 'index.js');
  const r = await runCommand(process.execPath, [bin, tarball, '--format', 'json'], { timeoutMs: 180_000 });
  let parsed: AttwJson;
  try {
    parsed = JSON.parse(r.stdout) as AttwJson;
  } catch {
    return { problems: [`attw did not run (exit ${r.code}): ${tail(r.stdout + r.stderr, 10)}`], resolution: {} };
  }
  const problems: string[] = [];
  for (const [kind, list] of Object.entries(parsed.problems ?? {})) {
    for (const p of list) {
      const where = [p.entrypoint, p.resolutionKind].filter(Boolean).join(' under ');
      problems.push(`${kind}${where ? ` (${where})` : ''} — see https://github.com/arethetypeswrong/arethetypeswrong.github.io/blob/main/docs/problems/${kind}.md`);
    }
  }
  const resolution: Record<string, Record<string, string>> = {};
  for (const [entry, info] of Object.entries(parsed.analysis?.entrypoints ?? {})) {
    if (entry.endsWith('package.json')) continue;
    resolution[entry] = {};
    for (const [mode, res] of Object.entries(info.resolutions ?? {})) {
      const file = res.resolution?.fileName;
      resolution[entry]![mode] = file ? file.replace(/^\/node_modules\/(@[^/]+\/)?[^/]+\//, '') : 'unresolved';
    }
  }
  return { problems, resolution };
}

/** The parts of attw's JSON output read here. */
interface AttwJson {
  problems?: Record<string, Array<{ entrypoint?: string; resolutionKind?: string }>>;
  analysis?: {
    entrypoints?: Record<string, { resolutions?: Record<string, { resolution?: { fileName?: string } }> }>;
  };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`[check:packages] ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
