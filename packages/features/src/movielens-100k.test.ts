import * as fs from 'node:fs';
import * as path from 'node:path';
import { FeatureSet } from './feature-set';
import { movieLensCandidateSpecs, movieLensQuerySpecs } from './movielens-specs';
import { throughJson } from './test-utils';

const dir = process.env.ML100K_DIR ?? path.resolve(__dirname, '../../../../shared/data/ml-100k');
const present = fs.existsSync(path.join(dir, 'u.data')) && fs.existsSync(path.join(dir, 'u.item'));
if (!present) console.warn(`MovieLens 100K not found at ${dir} (set ML100K_DIR): skipping the ML-100K feature tests.`);

/** The 100,000 ratings as columns: user, item, timestamp, title (a minimal reader; @twotower/data has the real one). */
function readColumns(): { user: string[]; item: string[]; timestamp: Float64Array; title: string[] } {
  const titles = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(dir, 'u.item'), 'latin1').split('\n')) {
    const parts = line.split('|');
    if (parts.length > 1) titles.set(parts[0]!, parts[1]!);
  }
  const lines = fs.readFileSync(path.join(dir, 'u.data'), 'latin1').split('\n').filter((l) => l.length > 0);
  const user: string[] = [];
  const item: string[] = [];
  const title: string[] = [];
  const timestamp = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const [u, it, , t] = line.split('\t');
    user.push(u!);
    item.push(it!);
    title.push(titles.get(it!) ?? '');
    timestamp[i] = Number(t);
  });
  return { user, item, timestamp, title };
}

(present ? describe : describe.skip)(`MovieLens 100K features (${present ? dir : 'data absent: skipped'})`, () => {
  it('fits the TFRS MovieLens towers on all ratings and round-trips through JSON', () => {
    const columns = readColumns();
    expect(columns.user).toHaveLength(100000);
    const query = FeatureSet.fit(movieLensQuerySpecs(), columns);
    const candidate = FeatureSet.fit(movieLensCandidateSpecs(), columns);
    const q = query.describe();
    const c = candidate.describe();
    expect(q[0]!.cardinality).toBe(943 + 1); // users + OOV
    expect(q[1]!.cardinality).toBe(1000);
    expect(c[0]!.cardinality).toBe(1682 + 1); // film ids + OOV
    expect(c[1]!.width).toBe(16); // the longest title has 16 tokens
    expect(c[1]!.cardinality).toBeLessThanOrEqual(10000);

    const rows = Int32Array.from({ length: 2048 }, (_, i) => (i * 48271) % 100000);
    const restoredQuery = FeatureSet.fromJSON(throughJson(query));
    const restoredCandidate = FeatureSet.fromJSON(throughJson(candidate));
    expect(restoredQuery.transform(columns, rows)).toEqual(query.transform(columns, rows));
    expect(restoredCandidate.transform(columns, rows)).toEqual(candidate.transform(columns, rows));

    const buckets = query.transform(columns).timestamp_bucket!.values;
    expect(Math.min(...buckets)).toBe(0);
    expect(Math.max(...buckets)).toBe(999);
  });
});
