import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticDataset } from '@twotower/data';
import { writeMovieLensFixture } from '@twotower/data/test';
import { demo } from './demo';

jest.setTimeout(300_000);

describe('demo', () => {
  it('trains both models once, shows them after, and trains again a model whose config changed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tt-demo-'));
    const data = join(root, 'ml');
    await writeMovieLensFixture(data, '100k', { dataset: syntheticDataset({ numUsers: 30, numItems: 20, numInteractions: 500, seed: 4 }) });
    const out = join(root, 'model');
    const run = async (referenceEpochs: number) => {
      const lines: string[] = [];
      await demo({ data, out, referenceEpochs, quiet: true, print: (l) => lines.push(l) });
      return lines.join('\n');
    };
    const first = await run(1);
    expect(first).toMatch(/== 1\/2: the default config ==/);
    expect(first).toMatch(/== 2\/2: tfrs-reference .*1 of its 300 epochs/);
    expect(first).toMatch(/ranking ensemble \(3 binary \+ 3 regression models\) on the test split/);
    expect(first).toMatch(/tfrs-reference's ranking model \(one binary model on the tower features\): accuracy 0\.\d{4}, AUC 0\.\d{4}/);
    expect(first).toMatch(/tfrs-reference at N = 10: nDCG@10 \d\.\d{4} in retrieval order, \d\.\d{4} re-ranked/);
    const second = await run(1);
    expect(second).toMatch(/== 1\/2: .* exists \(verified\): showing its metrics/);
    expect(second).toMatch(/== 2\/2: .* exists \(verified\): showing its metrics/);
    expect(second).toMatch(/ranking ensemble/);
    const third = await run(2);
    expect(third).toMatch(/== 1\/2: .* exists \(verified\)/);
    expect(third).toMatch(/model-tfrs-reference was trained with another configuration \(differs in training\.epochs\): training it again/);
    expect(third).toMatch(/tfrs-reference \(2 ep\)/);
  });
});
