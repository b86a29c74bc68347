import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelA } from '../test/fixtures';
import { loadServingModel } from './serving-model';

jest.setTimeout(60_000);

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

type Json = Record<string, any>;

/** A copy of model A damaged by `damage`, its manifest's checksums then regenerated (so that only the consistency checks can tell). */
function damagedCopy(damage: (dir: string) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'tt-serving-damaged-'));
  made.push(root);
  const dir = join(root, 'model');
  cpSync(modelA(), dir, { recursive: true });
  damage(dir);
  const mf = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(mf, 'utf8')) as { files: Array<{ path: string; bytes: number; sha256: string }> };
  for (const f of manifest.files) {
    const b = readFileSync(join(dir, f.path));
    f.bytes = b.length;
    f.sha256 = createHash('sha256').update(b).digest('hex');
  }
  writeFileSync(mf, JSON.stringify(manifest, null, 2));
  return dir;
}

const editJson = (dir: string, file: string, edit: (v: Json) => unknown) => {
  const p = join(dir, file);
  writeFileSync(p, JSON.stringify(edit(JSON.parse(readFileSync(p, 'utf8')) as Json)));
};

/** Gives the copy a config.json (the fixture has its configuration in the manifest only), listed in the manifest. */
const withConfig = (dir: string, config: (c: Json) => Json, manifestToo: boolean) => {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Json;
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config(manifest['config'])));
  manifest['files'].push({ path: 'config.json', bytes: 0, sha256: '' });
  if (manifestToo) manifest['config'] = config(manifest['config']);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
};

describe('a damaged model directory whose checksums were regenerated is refused naming the file (issue 17, failure 6)', () => {
  const cases: Array<[string, (dir: string) => void, RegExp]> = [
    ['an embeddings file whose length is not a multiple of 4', (d) => truncateSync(join(d, 'candidates.f32'), readFileSync(join(d, 'candidates.f32')).length - 2), /candidates\.f32 has \d+ bytes, not a whole number of 4-byte values/],
    ['a truncated items.json', (d) => writeFileSync(join(d, 'items.json'), readFileSync(join(d, 'items.json'), 'utf8').slice(0, 100)), /items\.json is not valid JSON/],
    ['features.json = []', (d) => writeFileSync(join(d, 'features.json'), '[]'), /features\.json must be a JSON object \{"query": \.\.\., "candidate": \.\.\.\} \(it is an array\)/],
    ['features.json without its candidate set', (d) => editJson(d, 'features.json', (f) => ({ query: f['query'] })), /features\.json has no candidate feature set/],
    [
      'users.json one user short',
      (d) => editJson(d, 'users.json', (u) => ({ ...u, ids: u['ids'].slice(0, -1), lastTimestamp: u['lastTimestamp'].slice(0, -1) })),
      /seen\.offsets\.i32 holds (\d+) offsets but users\.json has \d+ users/,
    ],
    ['users.json with a timestamp missing', (d) => editJson(d, 'users.json', (u) => ({ ...u, lastTimestamp: u['lastTimestamp'].slice(0, -1) })), /users\.json has \d+ ids but \d+ last timestamps/],
    ['items.json with a title missing', (d) => editJson(d, 'items.json', (c) => ({ ...c, titles: c['titles'].slice(0, -1) })), /items\.json has \d+ ids but \d+ titles/],
    ['popularity.f32 one item short', (d) => truncateSync(join(d, 'popularity.f32'), readFileSync(join(d, 'popularity.f32')).length - 4), /popularity\.f32 holds \d+ values but items\.json has \d+ items/],
    [
      'config.json edited (embeddingDim 16) but not the manifest',
      (d) => withConfig(d, (c) => ({ ...c, features: { embeddingDim: 16 } }), false),
      /config\.json differs from the configuration recorded in manifest\.json/,
    ],
    [
      'config.json and the manifest saying embeddingDim 16 for weights of width 8',
      (d) => withConfig(d, (c) => ({ ...c, features: { embeddingDim: 16 } }), true),
      /config\.json says features\.embeddingDim 16 but the spec in recommender\.json, which the weights were saved with, has features of width 8/,
    ],
    [
      'config.json saying other tower layers',
      (d) => withConfig(d, (c) => ({ ...c, model: { queryLayers: [32] } }), true),
      /config\.json says model\.queryLayers \[32\] but the spec in recommender\.json, which the weights were saved with, says \[16\]/,
    ],
    [
      'the spec in recommender.json with an embeddingDim the weights do not have',
      (d) => editJson(d, 'recommender.json', (r) => ({ ...r, spec: { ...r['spec'], query: r['spec'].query.map((f: Json) => ('embeddingDim' in f ? { ...f, embeddingDim: 16 } : f)) } })),
      /recommender\.json says embeddingDim 16 for query feature "user_id" but features\.json, which the weights were saved with, says 8/,
    ],
    [
      'the manifest (no config.json) saying embeddingDim 16',
      (d) => editJson(d, 'manifest.json', (m) => ({ ...m, config: { ...m['config'], features: { embeddingDim: 16 } } })),
      /manifest\.json says features\.embeddingDim 16/,
    ],
    ['recommender.json with a dim other than the layers', (d) => editJson(d, 'recommender.json', (r) => ({ ...r, dim: 32 })), /recommender\.json says dim 32 but manifest\.json says model\.dim 16/],
  ];
  it.each(cases)('%s', async (_name, damage, message) => {
    const dir = damagedCopy(damage);
    const err = await loadServingModel(dir).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(message);
    // the message names the directory too: an operator knows which copy is damaged
    expect(err?.message).toContain(dir);
  });
});
