import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep, basename } from 'node:path';
import { ArtifactError } from './errors';
import { sha256File } from './checksum';
import { ARTIFACT_FORMAT_VERSION, MANIFEST_FILE, type Manifest, type ManifestFile } from './manifest';

/** Options of {@link writeArtifact}. */
export interface WriteArtifactOptions {
  /** Replace an existing artifact at the destination (atomically: the old one is removed only after the new one is complete). Default false. */
  overwrite?: boolean;
}

/** The manifest fields the caller provides; format, time and the file list are filled in. */
export interface ManifestInput {
  packages: Manifest['packages'];
  config: unknown;
  data: Manifest['data'];
  metrics?: unknown;
  [k: string]: unknown;
}

function listFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(root, p));
    else out.push(relative(root, p).split(sep).join('/'));
  }
  return out;
}

/**
 * Writes an artifact directory atomically: `fill(tmpDir)` writes the files into a temporary
 * directory beside `dest`; the manifest (checksums of every file) is added; then the directory is
 * renamed into place. A run killed at any moment leaves either the old artifact or the new one,
 * never a half-written one (at worst a `.tmp-*` directory, which readers ignore). A `manifest`
 * function is called after `fill`, so the manifest can describe what `fill` wrote.
 */
export async function writeArtifact(
  dest: string,
  manifest: ManifestInput | (() => ManifestInput),
  fill: (dir: string) => void | Promise<void>,
  options: WriteArtifactOptions = {},
): Promise<Manifest> {
  const target = resolve(dest);
  if (existsSync(target) && !options.overwrite) {
    throw new ArtifactError('EXISTS', `${target} already exists: choose another --out directory or allow overwriting`, target);
  }
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.tmp-${basename(target)}-${process.pid}-${Date.now()}`);
  mkdirSync(tmp);
  try {
    await fill(tmp);
    const files: ManifestFile[] = listFiles(tmp)
      .filter((f) => f !== MANIFEST_FILE)
      .map((path) => {
        const full = join(tmp, path);
        return { path, bytes: statSync(full).size, sha256: sha256File(full) };
      });
    const full = {
      ...(typeof manifest === 'function' ? manifest() : manifest),
      format: 'twotower-artifact',
      formatVersion: ARTIFACT_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      files,
    } as Manifest;
    writeFileSync(join(tmp, MANIFEST_FILE), JSON.stringify(full, null, 2) + '\n');
    if (existsSync(target)) {
      const old = `${tmp}-old`;
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, target);
    }
    return full;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
