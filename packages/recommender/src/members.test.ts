/**
 * A recommender whose spec asks for several members (`model.members`): embeddings as wide as the
 * members together, a saved directory that loads them back, time tables of every member.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openArtifact } from '@twotower/artifact';
import { Recommender } from './recommender';
import { makeRecommender, saveToDirectory, testSpec } from './test-utils';
import { timeBucketTables, timeEmbeddings } from './time-embeddings';

const spec = () => ({ ...testSpec(), model: { ...testSpec().model, members: 3 } });

describe('a recommender with members', () => {
  it('embeds users and items members × 8 wide, each member its own towers, and a saved directory loads every member', async () => {
    const rec = makeRecommender(spec());
    expect(rec.dim).toBe(24);
    expect(rec.models.twoTower.members).toHaveLength(3);
    const q = rec.embedQueries(['a', 'b']);
    const items = rec.embedItems();
    expect(q).toHaveLength(2 * 24);
    expect(items).toHaveLength(4 * 24);
    // member 0 is the single model of the same seed, scaled by 1/√3
    const single = makeRecommender();
    const alone = single.embedItems();
    for (let j = 0; j < 4; j++) for (let d = 0; d < 8; d++) expect(items[j * 24 + d]! * Math.sqrt(3)).toBeCloseTo(alone[j * 8 + d]!, 5);
    const dir = await saveToDirectory(rec);
    const back = await Recommender.load(dir);
    expect(back.spec.model.members).toBe(3);
    expect(Array.from(back.embedQueries(['a', 'b']))).toEqual(Array.from(q));
    expect(Array.from(back.embedItems())).toEqual(Array.from(items));
    for (const r of [rec, single, back]) r.dispose();
  });

  it('refuses a directory whose dim is not the members’ widths together, naming both', async () => {
    const rec = makeRecommender(spec());
    const dir = await saveToDirectory(rec);
    rec.dispose();
    const file = join(dir, 'recommender.json');
    const meta = JSON.parse(readFileSync(file, 'utf8'));
    meta.spec.model.members = 2;
    writeFileSync(file, JSON.stringify(meta));
    await expect(Recommender.load(openArtifact(dir, { verify: false }))).rejects.toThrow(/says dim 24 but its spec\.model\.queryLayers ends with 8 \(times 2 members: 16\)/);
    meta.spec.model.members = 0;
    writeFileSync(file, JSON.stringify(meta));
    await expect(Recommender.load(openArtifact(dir, { verify: false }))).rejects.toThrow(/spec\.model\.members 0: it must be a positive integer/);
  });

  it('lists every member’s time tables, and puts the members’ time embeddings side by side', () => {
    const rec = makeRecommender(spec());
    const tables = timeBucketTables(rec);
    expect(tables.map((t) => t.name)).toEqual(['timestamp_bucket', 'timestamp_bucket', 'timestamp_bucket']);
    expect(new Set(tables.map((t) => t.table)).size).toBe(3);
    const t = timeEmbeddings(rec)!;
    const one = makeRecommender();
    expect(t.dim).toBe(3 * timeEmbeddings(one)!.dim);
    rec.dispose();
    one.dispose();
  });
});
