import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openArtifact } from '@twotower/artifact';
import { ready } from '@twotower/runtime';
import { Recommender } from './recommender';
import { makeRecommender, saveToDirectory } from './test-utils';

describe('Recommender.load checks that the files fit together', () => {
  beforeAll(() => ready({ backend: 'cpu', log: null }));

  it('names users.json when it is one timestamp short, and recommender.json without a spec (checksums not verified)', async () => {
    const r = makeRecommender();
    const dir = await saveToDirectory(r);
    r.dispose();
    const usersFile = join(dir, 'users.json');
    const users = JSON.parse(readFileSync(usersFile, 'utf8'));
    users.lastTimestamp.pop();
    writeFileSync(usersFile, JSON.stringify(users));
    await expect(Recommender.load(openArtifact(dir, { verify: false }))).rejects.toThrow(/users\.json has 3 ids but 2 last timestamps/);
    writeFileSync(join(dir, 'recommender.json'), '{"format": "twotower-recommender", "version": 1}');
    await expect(Recommender.load(openArtifact(dir, { verify: false }))).rejects.toThrow(/recommender\.json must be a JSON object with "spec"/);
  });
});
