import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { TrainConfigSchema, type TrainConfig } from './schema';

/** A configuration that cannot be used; the message names each field at fault and what is allowed. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Directory of the shipped configurations (`default.json`, `tfrs-reference.json`). */
export const PRESET_DIR = resolve(__dirname, '..', '..', 'configs');

/** Names of the shipped configurations. */
export const PRESETS = ['default', 'tfrs-reference'] as const;

/** Whether `path` names a value `fields` sets (e.g. a command-line flag's field in the overrides). */
export function setBy(fields: Record<string, unknown>, path: readonly PropertyKey[]): boolean {
  let at: unknown = fields;
  for (const key of path) {
    if (!at || typeof at !== 'object' || !(String(key) in at)) return false;
    at = (at as Record<string, unknown>)[String(key)];
  }
  return path.length > 0;
}

function describeIssue(issue: z.core.$ZodIssue, overrides: Record<string, unknown>): string {
  const path = issue.path.length ? issue.path.join('.') : '(top level)';
  return `  - ${path}: ${issue.message}${setBy(overrides, issue.path) ? ' (set by a command-line flag)' : ''}`;
}

/**
 * Validates a parsed configuration; every problem is listed with its field path, and those a
 * command-line flag set (`overrides`) say so.
 */
export function validateConfig(raw: unknown, source: string, overrides: Record<string, unknown> = {}): TrainConfig {
  const r = TrainConfigSchema.safeParse(raw);
  if (!r.success) {
    throw new ConfigError(`invalid configuration in ${source}:\n${r.error.issues.map((i) => describeIssue(i, overrides)).join('\n')}`);
  }
  return r.data;
}

function deepMerge(a: unknown, b: unknown): unknown {
  if (b === undefined) return a;
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [k, v] of Object.entries(b as Record<string, unknown>)) out[k] = deepMerge(out[k], v);
    return out;
  }
  return b;
}

/** The file of a preset name, or `which` as a path (relative to `from`'s directory when given). */
function configFile(which: string, from?: string): string {
  if ((PRESETS as readonly string[]).includes(which)) return join(PRESET_DIR, `${which}.json`);
  return from ? resolve(dirname(from), which) : which;
}

/**
 * A config file's JSON with its `extends` chain applied: the preset or file it names (a path
 * relative to the extending file) is read first and this file's fields are merged over it.
 */
function readRaw(which: string, from: string | undefined, chain: string[]): Record<string, unknown> {
  const file = configFile(which, from);
  if (!existsSync(file)) {
    throw new ConfigError(`config "${which}"${from ? ` (extended by ${from})` : ''} is neither a file nor a shipped preset (${PRESETS.join(', ')})`);
  }
  if (chain.includes(resolve(file))) throw new ConfigError(`config ${file} extends itself: ${[...chain, resolve(file)].join(' -> ')}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${file} must hold a JSON object of config fields`);
  const { $schema: _schema, extends: base, ...fields } = raw as Record<string, unknown>;
  if (base === undefined) return fields;
  if (typeof base !== 'string') throw new ConfigError(`${file}: extends must be a preset name (${PRESETS.join(', ')}) or a config file path, got ${JSON.stringify(base)}`);
  const merged = deepMerge(readRaw(base, file, [...chain, resolve(file)]), fields) as Record<string, unknown>;
  // an extending config is not the preset it starts from: it keeps its own name, or "custom"
  if (fields.name === undefined) merged.name = 'custom';
  return merged;
}

/**
 * Reads a configuration: a shipped preset name (`default`, `tfrs-reference`) or a JSON file —
 * which may start from another with `"extends": "default"` (or a preset, or a path relative to
 * it) and give only what differs; without `extends`, unset fields take the schema's defaults —
 * then applies `overrides` (from command-line flags) on top, then validates the result.
 */
export function loadConfig(nameOrFile: string | undefined, overrides: Record<string, unknown> = {}): TrainConfig {
  const which = nameOrFile ?? 'default';
  const raw = readRaw(which, undefined, []);
  const source = configFile(which);
  return validateConfig(deepMerge(raw, overrides), Object.keys(overrides).length > 0 ? `${source} with the command-line flags` : source, overrides);
}
