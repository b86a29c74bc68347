/** Search parameters of the FAISS-like `SearchParams` as pgvector's settings. */
import { IndexError, type SearchParams } from '@twotower/index';

/** Parameter name → pgvector setting. `nprobe` is FAISS's name of `probes`. */
const SETTINGS: Record<string, string> = {
  efSearch: 'hnsw.ef_search',
  maxScanTuples: 'hnsw.max_scan_tuples',
  probes: 'ivfflat.probes',
  nprobe: 'ivfflat.probes',
  maxProbes: 'ivfflat.max_probes',
};

/** The search parameter names a PgVectorIndex knows: `efSearch`, `maxScanTuples`, `probes`, `nprobe` (= probes), `maxProbes`. */
export const SEARCH_PARAM_NAMES = Object.keys(SETTINGS);

/** `"efSearch=64,probes=8"` or `{ efSearch: 64 }` as a record of numbers. */
function entries(params: SearchParams): Array<[string, unknown]> {
  if (typeof params !== 'string') return Object.entries(params);
  return params
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => {
      const [key, value] = p.split('=');
      return [key!.trim(), value === undefined ? undefined : Number(value.trim())];
    });
}

/**
 * pgvector settings (`{ 'hnsw.ef_search': '64' }`) of search parameters: `efSearch`
 * (`hnsw.ef_search`, 1-1000), `maxScanTuples` (`hnsw.max_scan_tuples`), `probes` or `nprobe`
 * (`ivfflat.probes`), `maxProbes` (`ivfflat.max_probes`); positive integers.
 * @throws IndexError `BAD_ARGUMENT` naming an unknown parameter or a bad value.
 */
export function toSettings(params: SearchParams | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (params === undefined) return out;
  for (const [key, value] of entries(params)) {
    const setting = SETTINGS[key];
    if (setting === undefined) throw new IndexError('BAD_ARGUMENT', `search parameter ${key} is not one of ${SEARCH_PARAM_NAMES.join(', ')}.`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new IndexError('BAD_ARGUMENT', `search parameter ${key} must be a positive integer, got ${String(value)}.`);
    }
    out[setting] = String(value);
  }
  return out;
}

/** The settings as FAISS-like text for `info()`: `'efSearch=64,probes=8'`. */
export function paramsText(params: SearchParams | undefined): string | undefined {
  if (params === undefined) return undefined;
  const text = entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
  return text === '' ? undefined : text;
}
