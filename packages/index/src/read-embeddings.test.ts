import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildIndex } from './create-index';
import { readEmbeddings, writeEmbeddings } from './read-embeddings';

describe('readEmbeddings', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tt-emb-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads <name>.f32 + <name>.ids.json written by writeEmbeddings, ready to index', async () => {
    const vectors = new Float32Array([1, 0, 0, 0, 1, 0, 0.5, 0.5, 0]);
    await writeEmbeddings(dir, 'items', ['a', 'b', 'c'], vectors);
    const emb = await readEmbeddings(dir, 'items', 3);
    expect(emb.ids).toEqual(['a', 'b', 'c']);
    expect(emb.dim).toBe(3);
    expect(Array.from(emb.vectors)).toEqual(Array.from(vectors));
    expect((await readEmbeddings(dir, 'items')).dim).toBe(3);
    const index = buildIndex(emb.ids, emb.vectors, emb.dim);
    expect(index.search(new Float32Array([1, 0.1, 0]), 2).ids(0)).toEqual(['a', 'c']);
  });

  it('says which file is wrong when the files do not match', async () => {
    await writeEmbeddings(dir, 'items', ['a', 'b'], new Float32Array(6));
    await expect(readEmbeddings(dir, 'items', 4)).rejects.toMatchObject({ code: 'DIMENSION_MISMATCH' });
    await fs.writeFile(path.join(dir, 'items.ids.json'), '["a","b","c","d"]');
    await expect(readEmbeddings(dir, 'items')).rejects.toThrow(/items\.f32 holds 6 values for 4 ids/);
    await fs.writeFile(path.join(dir, 'items.ids.json'), '{"a":1}');
    await expect(readEmbeddings(dir, 'items')).rejects.toThrow(/must be a JSON array of string ids/);
    await expect(readEmbeddings(dir, 'users')).rejects.toThrow(/cannot read embeddings 'users'/);
  });
});
