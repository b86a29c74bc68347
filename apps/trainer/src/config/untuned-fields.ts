import { existsSync, readFileSync } from 'node:fs';
import { configDifferences } from './config-diff';
import { loadConfig, PRESETS, validateConfig } from './load-config';

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

/** Whether `raw` has a value at `path` (an object's own key at every step). */
function gives(raw: unknown, path: string): boolean {
  let at = raw;
  for (const key of path.split('.')) {
    if (!at || typeof at !== 'object' || Array.isArray(at) || !(key in at)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  return true;
}

function valueAt(config: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), config);
}

/**
 * The fields a config file without `"extends"` does not give and so takes from the schema's
 * defaults (TFRS-like), where the tuned `default` preset has another value: the retrieval model's
 * sections first (model, loss, features, training, split), each in path order. Empty for a preset
 * name, a file with `extends` (it starts from what it extends), or a file that gives all of them.
 * Call it after `loadConfig` has read the file (this one does not repeat its checks).
 */
export function untunedFields(nameOrFile: string | undefined): UntunedField[] {
  if (nameOrFile === undefined || (PRESETS as readonly string[]).includes(nameOrFile) || !existsSync(nameOrFile)) return [];
  const raw = JSON.parse(readFileSync(nameOrFile, 'utf8')) as Record<string, unknown>;
  if (raw.extends !== undefined) return [];
  const { $schema: _schema, ...fields } = raw;
  const own = validateConfig(fields, nameOrFile);
  const tuned = loadConfig('default');
  const rank = (path: string) => {
    const i = SECTION_ORDER.indexOf(path.split('.')[0]!);
    return i < 0 ? SECTION_ORDER.length : i;
  };
  return configDifferences(own, tuned)
    .filter((path) => path !== 'name' && !gives(fields, path))
    .sort((a, b) => rank(a) - rank(b))
    .map((path) => ({ path, value: valueAt(own, path), tuned: valueAt(tuned, path) }));
}

const shown = (v: unknown): string => {
  const s = v === undefined ? 'not set' : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

/**
 * One line for the CLI when `untunedFields` finds any: how many, the first few with both values,
 * and what to do. Undefined when there are none.
 */
export function untunedFieldsNote(nameOrFile: string | undefined, most = 4): string | undefined {
  const fields = untunedFields(nameOrFile);
  if (fields.length === 0) return undefined;
  const listed = fields.slice(0, most).map((f) => `${f.path} ${shown(f.value)} (default: ${shown(f.tuned)})`);
  return (
    `note: ${nameOrFile} has no "extends", so ${fields.length} field${fields.length === 1 ? '' : 's'} it does not give take the schema's defaults, not the tuned default's: ` +
    `${listed.join(', ')}${fields.length > most ? `, and ${fields.length - most} more` : ''}. ` +
    `Start it with "extends": "default" to change only what it gives.`
  );
}
