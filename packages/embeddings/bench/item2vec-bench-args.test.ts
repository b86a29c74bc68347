/* Checks of the item2vec-gensim bench's settings and of the gensim side's per-epoch re-shuffle
 * (outside jest, whose roots are src/): pnpm --filter @twotower/embeddings exec tsx --test bench/item2vec-bench-args.test.ts
 * The re-shuffle check runs gensim_word2vec.py's corpus under PYTHON (/usr/bin/python3) and is
 * skipped when that python has no gensim. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { benchSettings } from './item2vec-bench-args';

test('flags beat the environment, unset settings stay unset', () => {
  const s = benchSettings(['--window=50', '--epochs', '20', '--order', 'shuffle'], { WINDOW: '5', SAMPLE: '0', ITEM2VEC_DIM: '16' });
  assert.equal(s.window, 50);
  assert.equal(s.epochs, 20);
  assert.equal(s.order, 'shuffle');
  assert.equal(s.subsample, 0);
  assert.equal(s.dim, 16);
  assert.equal(s.negatives, undefined);
  assert.equal(s.shuffle, undefined);
  assert.equal(s.rounds, 3);
  assert.equal(s.seed, 42);
  assert.equal(benchSettings(['--seed', '45'], {}).seed, 45);
  assert.equal(s.threads, 2);
  assert.equal(benchSettings(['--shuffle=false'], {}).shuffle, false);
});

test('names the flag at fault', () => {
  assert.throws(() => benchSettings(['--order=random'], {}), /--order: "random" must be 'time' or 'shuffle'/);
  assert.throws(() => benchSettings(['--window=2.5'], {}), /--window: "2.5" must be an integer/);
  assert.throws(() => benchSettings(['--windw=5'], {}), /unknown argument "--windw=5"/);
  assert.throws(() => benchSettings(['--epochs'], {}), /--epochs needs a value/);
});

test("gensim's corpus re-shuffles the sequences on each pass, reproducibly for a seed", (t) => {
  const python = process.env.PYTHON ?? '/usr/bin/python3';
  if (spawnSync(python, ['-c', 'import gensim'], { stdio: 'ignore' }).status !== 0) {
    t.skip(`${python} has no gensim`);
    return;
  }
  const script = [
    'import sys, json; sys.path.insert(0, sys.argv[1]); from gensim_word2vec import ReshuffledCorpus',
    'c = ReshuffledCorpus([[str(i)] for i in range(50)], 7)',
    'd = ReshuffledCorpus([[str(i)] for i in range(50)], 7)',
    'print(json.dumps([[s[0] for s in c], [s[0] for s in c], [s[0] for s in d]]))',
  ].join('\n');
  const [a, b, c] = JSON.parse(execFileSync(python, ['-c', script, join(__dirname)], { encoding: 'utf8' })) as string[][];
  assert.deepEqual([...a!].sort(), Array.from({ length: 50 }, (_, i) => String(i)).sort());
  assert.notDeepEqual(a, b);
  assert.deepEqual(a, c);
});
