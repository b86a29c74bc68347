import { existsSync, readFileSync } from 'node:fs';
import { configDifferences } from './config-diff';
import { loadConfig, PRESETS, setBy } from './load-config';
import type { TrainConfig } from './schema';

/** A field a config file leaves to the schema's default where the tuned `default` preset sets another value. */
export interface UntunedField {
  /** Dotted path, e.g. `model.members`. */
  path: string;
  /** The value the file gets (the schema's default). */
  value: unknown;
  /** The value in the `default` preset. */
  tuned: unknown;
}

/** The sections whose fields are listed first (the retrieval model's), then the others. */
const SECTION_ORDER = ['model', 'loss', 'features', 'training', 'split'];

const sectionRank = (path: string): number => {
  const i = SECTION_ORDER.indexOf(path.split('.')[0]!);
  return i < 0 ? SECTION_ORDER.length : i;
};

const valueAt = (config: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), config);

/**
 * The fields a config file without `"extends"` leaves to the schema's defaults (TFRS-like) — it
 * does not give them, nor do the command-line flags — where the tuned `default` preset has another
 * value: the retrieval model's sections first (model, loss, features, training, split), each in
 * path order. Empty for a preset name, a file with `extends` (it starts from what it extends), or
 * a file that gives all of them.
 * @param nameOrFile the `--config` given (a preset name or a file that `loadConfig` has read)
 * @param config what `loadConfig(nameOrFile, overrides)` returned
 * @param overrides the command-line flags' fields
 */
export function untunedFields(nameOrFile: string | undefined, config: TrainConfig, overrides: Record<string, unknown> = {}): UntunedField[] {
  if (nameOrFile === undefined || (PRESETS as readonly string[]).includes(nameOrFile) || !existsSync(nameOrFile)) return [];
  // what the file itself gives (not what the config holds after the schema filled it in)
  const raw = JSON.parse(readFileSync(nameOrFile, 'utf8')) as Record<string, unknown>;
  if (raw.extends !== undefined) return [];
  const tuned = loadConfig('default');
  const given = (path: string) => setBy(raw, path.split('.')) || setBy(overrides, path.split('.'));
  return configDifferences(config, tuned)
    .filter((path) => path !== 'name' && !given(path))
    .sort((a, b) => sectionRank(a) - sectionRank(b))
    .map((path) => ({ path, value: valueAt(config, path), tuned: valueAt(tuned, path) }));
}

const shown = (v: unknown): string => {
  const s = v === undefined ? 'not set' : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

/**
 * One line for the CLI when {@link untunedFields} finds any: how many, the first `most` with both
 * values, and what to do. Undefined when there are none.
 */
export function untunedFieldsNote(nameOrFile: string | undefined, config: TrainConfig, overrides: Record<string, unknown> = {}, most = 4): string | undefined {
  const fields = untunedFields(nameOrFile, config, overrides);
  if (fields.length === 0) return undefined;
  const listed = fields.slice(0, most).map((f) => `${f.path} ${shown(f.value)} (default: ${shown(f.tuned)})`);
  return (
    `note: ${nameOrFile} has no "extends", so ${fields.length} field${fields.length === 1 ? '' : 's'} it does not give take the schema's defaults, not the tuned default's: ` +
    `${listed.join(', ')}${fields.length > most ? `, and ${fields.length - most} more` : ''}. ` +
    `Start it with "extends": "default" to change only what it gives.`
  );
}
