import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cosineNeighbours } from '../item2vec/nearest-neighbours';
import { ownGroupShare, plantedLog } from '../item2vec/test-utils';
import { itemSequences } from '../item2vec/item-sequences';

// The worker runs compiled JavaScript, so this test drives the built package (turbo builds it
// before testing); from a bare source checkout it says so and skips.
const DIST = join(__dirname, '..', '..', 'dist', 'skipgram');
const ready = existsSync(join(DIST, 'skipgram-worker.js'));
const run = ready ? it : it.skip;
if (!ready) console.warn(`skip-gram worker test skipped: ${DIST}/skipgram-worker.js is missing (run \`pnpm --filter @twotower/embeddings build\` first)`);

describe('trainSkipGram with worker threads (dist)', () => {
  run('trains vectors as good as one thread does, over several runs of the same workers', async () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { trainSkipGram } = require(join(DIST, 'train-skipgram.js')) as typeof import('./train-skipgram');
    const { workersAvailable } = require(join(DIST, 'worker-pool.js')) as typeof import('./worker-pool');
    /* eslint-enable @typescript-eslint/no-require-imports */
    expect(workersAvailable()).toBe(true);
    const log = plantedLog(2);
    const corpus = itemSequences(log, { numItems: 50 });
    const options = { dim: 16, epochs: 10, seed: 5 };
    const one = await trainSkipGram(corpus, { ...options, threads: 1 });
    const oneShare = ownGroupShare(cosineNeighbours(one.vectors, 16, 5), 5, log.groupOf);
    for (let rep = 0; rep < 2; rep++) {
      const two = await trainSkipGram(corpus, { ...options, threads: 2 });
      expect(two.lossCurve).toHaveLength(10);
      expect(two.lossCurve[9]!.loss).toBeCloseTo(one.lossCurve[9]!.loss, 1);
      const share = ownGroupShare(cosineNeighbours(two.vectors, 16, 5), 5, log.groupOf);
      expect(share).toBeGreaterThanOrEqual(Math.min(oneShare, 0.95) - 0.02);
    }
  });

  run('leaves no worker keeping the process alive', () => {
    const script = `
      const { trainSkipGram } = require(${JSON.stringify(join(DIST, 'train-skipgram.js'))});
      const tokens = Int32Array.from({ length: 4000 }, (_, i) => (i * 7919) % 97);
      const offsets = Int32Array.from({ length: 101 }, (_, s) => s * 40);
      trainSkipGram({ tokens, offsets, vocabulary: 97 }, { threads: 2, epochs: 2 }).then((r) => console.log('done', r.lossCurve.length));`;
    // Exits by itself once training is over (a kept-alive worker would hit the timeout).
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(out.trim()).toBe('done 2');
  });
});
