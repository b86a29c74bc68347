import { join } from 'node:path';
import { MODEL_FILES, MODEL_WEIGHTS, weightFiles, type Artifact } from '@twotower/artifact';
import type { Catalogue, SeenItems, UserInfo } from './catalogue';

/**
 * Consistency checks of a model directory that name the file at fault — for the damage a
 * regenerated checksum lets through (a file replaced by one of the wrong shape, a list one row
 * short, a config edited by hand). The checksums prove that the files are the ones the manifest
 * lists; these prove that they fit together.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const RATING_STATISTICS_COLUMNS = 3;

/** Throws `<dir>/<file> <message>`. */
function bad(artifact: Artifact, file: string, message: string): never {
  throw new Error(`${join(artifact.dir, file)} ${message}: the model directory is damaged or inconsistent; restore it or retrain`);
}

/** The embedding width every embedded feature of a tower spec uses, when they agree (else undefined). */
function featureDims(specs: unknown): number[] {
  if (!Array.isArray(specs)) return [];
  return specs.filter(isObject).flatMap((s) => (typeof s['embeddingDim'] === 'number' ? [s['embeddingDim']] : []));
}

/** JSON with object keys sorted, to compare two values whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

const sameList = (a: unknown, b: unknown) => Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Checks the small files {@link readRecommender} reads before it reads them (so that a file of the wrong
 * shape is named instead of failing deep inside): `recommender.json` (format, spec, dim),
 * `features.json` (a query and a candidate feature set), and `config.json` against both the
 * manifest's copy and the spec the weights were saved with (embedding widths, tower layers).
 */
export function checkModelMetadata(artifact: Artifact, manifest: { config?: unknown; model?: { dim?: number } }): void {
  const F = MODEL_FILES;
  const meta = artifact.readJson<unknown>(F.recommender);
  if (!isObject(meta) || !isObject(meta['spec'])) bad(artifact, F.recommender, 'must be a JSON object with "spec" (the towers\' features and layers)');
  const spec = meta['spec'] as Json;
  for (const tower of ['query', 'candidate']) {
    if (!Array.isArray(spec[tower]) || (spec[tower] as unknown[]).length === 0) bad(artifact, F.recommender, `has no ${tower} features in its spec ("spec.${tower}" must be a non-empty array)`);
  }
  if (!isObject(spec['model'])) bad(artifact, F.recommender, 'has no "spec.model" (the towers\' layers)');
  const dim = meta['dim'];
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1) bad(artifact, F.recommender, `says dim ${JSON.stringify(dim)}: it must be a positive integer`);
  if (manifest.model?.dim !== undefined && manifest.model.dim !== dim) bad(artifact, F.recommender, `says dim ${dim} but manifest.json says model.dim ${manifest.model.dim}`);
  const model = spec['model'] as Json;
  const members = model['members'] ?? 1;
  if (typeof members !== 'number' || !Number.isInteger(members) || members < 1) bad(artifact, F.recommender, `says spec.model.members ${JSON.stringify(members)}: it must be a positive integer`);
  for (const layers of ['queryLayers', 'candidateLayers']) {
    const l = model[layers];
    if (Array.isArray(l) && l.length > 0 && l[l.length - 1] * members !== dim) {
      bad(artifact, F.recommender, `says dim ${dim} but its spec.model.${layers} ends with ${JSON.stringify(l[l.length - 1])}${members > 1 ? ` (times ${members} members: ${l[l.length - 1] * members})` : ''}`);
    }
  }

  const features = artifact.readJson<unknown>(F.features);
  if (!isObject(features)) bad(artifact, F.features, `must be a JSON object {"query": ..., "candidate": ...} (it is ${Array.isArray(features) ? 'an array' : JSON.stringify(features)})`);
  for (const tower of ['query', 'candidate']) {
    const set = features[tower];
    if (!isObject(set) || !Array.isArray(set['features'])) bad(artifact, F.features, `has no ${tower} feature set ("${tower}": {"features": [...]})`);
    const saved = (set['features'] as unknown[]).map((f) => (isObject(f) && isObject(f['spec']) ? f['spec'] : {}));
    const specs = (spec[tower] as unknown[]).map((s) => (isObject(s) ? s : {}));
    const names = saved.map((f) => f['name']);
    const specNames = specs.map((f) => f['name']);
    if (!sameList(names, specNames)) bad(artifact, F.features, `has ${tower} features ${JSON.stringify(names)} but ${F.recommender} has ${JSON.stringify(specNames)}`);
    // the towers are built from features.json (and the weights checked against it): the spec in recommender.json must say the same
    specs.forEach((f, i) => {
      const key = [...new Set([...Object.keys(f), ...Object.keys(saved[i]!)])].find((k) => canonical(f[k]) !== canonical(saved[i]![k]));
      if (key !== undefined) {
        bad(artifact, F.recommender, `says ${key} ${canonical(f[key])} for ${tower} feature ${JSON.stringify(f['name'])} but ${F.features}, which the weights were saved with, says ${canonical(saved[i]![key])}`);
      }
    });
  }

  // the trainer's configuration (config.json, and its copy in the manifest) against the spec the weights were saved with
  let config: unknown = manifest.config;
  let configFile = 'manifest.json';
  if (artifact.has(F.config)) {
    config = artifact.readJson<unknown>(F.config);
    configFile = F.config;
    if (!isObject(config)) bad(artifact, F.config, "must be a JSON object (the trainer's configuration)");
    if (manifest.config !== undefined && canonical(manifest.config) !== canonical(config)) bad(artifact, F.config, 'differs from the configuration recorded in manifest.json');
  }
  if (!isObject(config)) return;
  const cf = config['features'];
  if (isObject(cf) && typeof cf['embeddingDim'] === 'number') {
    const dims = [...featureDims(spec['query']), ...featureDims(spec['candidate'])];
    const other = dims.find((d) => d !== cf['embeddingDim']);
    if (other !== undefined) bad(artifact, configFile, `says features.embeddingDim ${cf['embeddingDim']} but the spec in ${F.recommender}, which the weights were saved with, has features of width ${other}`);
  }
  const cm = config['model'];
  if (isObject(cm)) {
    for (const layers of ['queryLayers', 'candidateLayers']) {
      if (cm[layers] !== undefined && model[layers] !== undefined && !sameList(cm[layers], model[layers])) {
        bad(artifact, configFile, `says model.${layers} ${JSON.stringify(cm[layers])} but the spec in ${F.recommender}, which the weights were saved with, says ${JSON.stringify(model[layers])}`);
      }
    }
  }
}

/**
 * Checks a loaded recommender's tables against each other, naming the file at fault: the
 * catalogue (`items.json`: as many titles and genres as ids), the users (`users.json`: a last
 * timestamp per id), the seen items (`seen.offsets.i32`: one offset per user and one more,
 * non-decreasing, ending at the length of `seen.items.i32`, whose items are catalogue rows), the
 * popularity (`popularity.f32`: one per item).
 */
export function checkRecommenderTables(artifact: Artifact, rec: { catalogue: Catalogue; users: UserInfo; seen: SeenItems; popularity: Float32Array }): void {
  const F = MODEL_FILES;
  const { catalogue, users, seen } = rec;
  const numItems = catalogue.ids.length;
  if (!Array.isArray(catalogue.titles) || catalogue.titles.length !== numItems) bad(artifact, F.items, `has ${numItems} ids but ${Array.isArray(catalogue.titles) ? catalogue.titles.length : 'no'} titles`);
  if (!Array.isArray(catalogue.genres) || catalogue.genres.length !== numItems) bad(artifact, F.items, `has ${numItems} ids but ${Array.isArray(catalogue.genres) ? catalogue.genres.length : 'no'} genre lists`);
  const numUsers = users.ids.length;
  if (users.lastTimestamp.length !== numUsers) bad(artifact, F.users, `has ${numUsers} ids but ${users.lastTimestamp.length} last timestamps`);
  if (seen.offsets.length !== numUsers + 1) bad(artifact, F.seenOffsets, `holds ${seen.offsets.length} offsets but ${F.users} has ${numUsers} users (${numUsers + 1} expected)`);
  for (let u = 0; u < numUsers; u++) if (seen.offsets[u + 1]! < seen.offsets[u]!) bad(artifact, F.seenOffsets, `decreases at user ${u}`);
  if (seen.offsets[0] !== 0 || seen.offsets[numUsers] !== seen.items.length) bad(artifact, F.seenOffsets, `must run from 0 to the ${seen.items.length} items of ${F.seenItems}`);
  for (const i of seen.items) if (!(i >= 0 && i < numItems)) bad(artifact, F.seenItems, `holds item row ${i}, outside the ${numItems} items of ${F.items}`);
  if (rec.popularity.length !== numItems) bad(artifact, F.popularity, `holds ${rec.popularity.length} values but ${F.items} has ${numItems} items`);
}

/**
 * Names the file at fault when {@link readRecommender} failed with a message that does not (a table
 * one row short that a later step trips over, weights that do not fit the spec): re-reads the
 * tables it can and checks them against each other. Returns the error to throw: one naming the
 * file, else the original message prefixed with the directory.
 */
export function explainLoadFailure(artifact: Artifact, e: unknown): Error {
  const message = (e as Error).message ?? String(e);
  if (message.includes(artifact.dir)) return e as Error;
  const F = MODEL_FILES;
  try {
    const read = (file: string) => (artifact.has(file) ? artifact.readJson<unknown>(file) : undefined);
    const items = read(F.items);
    if (!isObject(items) || !Array.isArray(items['ids'])) bad(artifact, F.items, 'must be a JSON object with "ids", "titles" and "genres" arrays');
    const users = read(F.users);
    if (!isObject(users) || !Array.isArray(users['ids']) || !Array.isArray(users['lastTimestamp'])) bad(artifact, F.users, 'must be a JSON object with "ids" and "lastTimestamp" arrays');
    const numItems = (items['ids'] as unknown[]).length;
    const numUsers = (users['ids'] as unknown[]).length;
    if ((users['lastTimestamp'] as unknown[]).length !== numUsers) bad(artifact, F.users, `has ${numUsers} ids but ${(users['lastTimestamp'] as unknown[]).length} last timestamps`);
    const offsets = artifact.has(F.seenOffsets) ? artifact.readInt32(F.seenOffsets) : undefined;
    if (offsets && offsets.length !== numUsers + 1) bad(artifact, F.seenOffsets, `holds ${offsets.length} offsets but ${F.users} has ${numUsers} users (${numUsers + 1} expected): one of the two is damaged`);
    for (const [file, rows, of] of [
      [F.ratingStatisticsUsers, numUsers, F.users],
      [F.ratingStatisticsItems, numItems, F.items],
    ] as const) {
      if (!artifact.has(file)) continue;
      const n = artifact.readFloat32(file).length / RATING_STATISTICS_COLUMNS;
      if (n !== rows) bad(artifact, file, `covers ${n} rows but ${of} has ${rows}: one of the two is damaged`);
    }
  } catch (found) {
    return found as Error;
  }
  if (/^weights? /.test(message)) {
    return new Error(`${artifact.dir}: the weights (${MODEL_WEIGHT_FILES}) do not fit the spec in ${F.recommender} (${message}): the model directory is damaged or inconsistent; restore it or retrain`);
  }
  return new Error(`${artifact.dir}: ${message}`);
}

const MODEL_WEIGHT_FILES = [MODEL_WEIGHTS.twoTower, 'ranking*', MODEL_WEIGHTS.engagement].map((name) => weightFiles(name).join(' + ')).join(', ');
