import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.join('.') : '(top level)';
  return `  - ${path}: ${issue.message}`;
}

/** Validates a parsed configuration; every problem is listed with its field path. */
export function validateConfig(raw: unknown, source: string): TrainConfig {
  const r = TrainConfigSchema.safeParse(raw);
  if (!r.success) {
    throw new ConfigError(`invalid configuration in ${source}:\n${r.error.issues.map(describeIssue).join('\n')}`);
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

/**
 * Reads a configuration: a shipped preset name (`default`, `tfrs-reference`) or a JSON file,
 * then applies `overrides` (from command-line flags) on top, then validates the result.
 */
export function loadConfig(nameOrFile: string | undefined, overrides: Record<string, unknown> = {}): TrainConfig {
  const which = nameOrFile ?? 'default';
  let file = which;
  if ((PRESETS as readonly string[]).includes(which)) file = join(PRESET_DIR, `${which}.json`);
  if (!existsSync(file)) {
    throw new ConfigError(`config "${which}" is neither a file nor a shipped preset (${PRESETS.join(', ')})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (raw && typeof raw === 'object' && '$schema' in raw) delete (raw as Record<string, unknown>).$schema;
  return validateConfig(deepMerge(raw, overrides), file);
}
