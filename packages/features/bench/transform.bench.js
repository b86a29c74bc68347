'use strict';
// Benchmark of @twotower/features on 100,000 rows (MovieLens 100K when present, else synthetic rows
// of the same shape). Prints one JSON object. Run after `pnpm --filter @twotower/features build`:
//   node bench/transform.bench.js            (ML100K_DIR overrides the data directory)
// Peer: the same string lookup and Keras-style text standardisation in plain Python (dict + re),
// timed in the same run when python3 is available.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { FeatureSet, StringLookup, TextVectorization, movieLensQuerySpecs, movieLensCandidateSpecs } = require('../dist');

const dir = process.env.ML100K_DIR ?? path.resolve(__dirname, '../../../../shared/data/ml-100k');

function loadColumns() {
  if (fs.existsSync(path.join(dir, 'u.data'))) {
    const titles = new Map();
    for (const line of fs.readFileSync(path.join(dir, 'u.item'), 'latin1').split('\n')) {
      const p = line.split('|');
      if (p.length > 1) titles.set(p[0], p[1]);
    }
    const lines = fs.readFileSync(path.join(dir, 'u.data'), 'latin1').split('\n').filter((l) => l.length > 0);
    const user = [], item = [], title = [];
    const timestamp = new Float64Array(lines.length);
    lines.forEach((l, i) => {
      const [u, it, , t] = l.split('\t');
      user.push(u); item.push(it); title.push(titles.get(it) ?? ''); timestamp[i] = Number(t);
    });
    return { source: 'ml-100k', columns: { user, item, title, timestamp } };
  }
  const n = 100000, user = [], item = [], title = [];
  const timestamp = new Float64Array(n);
  const words = ['star', 'wars', 'the', 'of', 'love', 'night', 'day', 'story', 'man', 'return'];
  for (let i = 0; i < n; i++) {
    user.push(String((i * 7919) % 943)); const it = (i * 104729) % 1682; item.push(String(it));
    title.push(`${words[it % 10]} ${words[(it >> 3) % 10]} (${1950 + (it % 50)})`);
    timestamp[i] = 874724710 + ((i * 48271) % 18561928);
  }
  return { source: 'synthetic', columns: { user, item, title, timestamp } };
}

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
function time(fn, repeats = 7) {
  fn(); // warm-up
  const ms = [];
  for (let i = 0; i < repeats; i++) { const t0 = process.hrtime.bigint(); fn(); ms.push(Number(process.hrtime.bigint() - t0) / 1e6); }
  return +median(ms).toFixed(2);
}

function pythonPeer(columns) {
  const script = `
import json, re, sys, time
data = json.load(sys.stdin)
user, title = data['user'], data['title']
vocab = {u: i + 1 for i, u in enumerate(sorted(set(user)))}
def lookup():
    return [vocab.get(u, 0) for u in user]
pat = re.compile(r'[!"#$%&()\\*\\+,-\\./:;<=>?@\\[\\\\\\]^_\`{|}~\\']')
tv = {}
for t in title:
    for w in pat.sub('', t.lower()).split():
        tv.setdefault(w, len(tv) + 2)
def text():
    out = []
    for t in title:
        ids = [tv.get(w, 1) for w in pat.sub('', t.lower()).split()][:16]
        out.append(ids + [0] * (16 - len(ids)))
    return out
def med(f):
    f(); xs = []
    for _ in range(7):
        t0 = time.perf_counter(); f(); xs.append((time.perf_counter() - t0) * 1000)
    return round(sorted(xs)[3], 2)
print(json.dumps({'stringLookupMs': med(lookup), 'textVectorizationMs': med(text)}))
`;
  try {
    const out = execFileSync('python3', ['-c', script], { input: JSON.stringify({ user: columns.user, title: columns.title }), maxBuffer: 1 << 26 });
    return { name: 'python3 dict + re (Keras-style standardisation), lists not arrays', ...JSON.parse(out.toString()) };
  } catch (err) {
    return { name: 'python3', unavailable: String(err.message).split('\n')[0] };
  }
}

const { source, columns } = loadColumns();
const rows = columns.user.length;
const t0 = process.hrtime.bigint();
const query = FeatureSet.fit(movieLensQuerySpecs(), columns);
const candidate = FeatureSet.fit(movieLensCandidateSpecs(), columns);
const fitMs = Number(process.hrtime.bigint() - t0) / 1e6;
const lookup = new StringLookup().fit(columns.user);
const text = new TextVectorization().fit(columns.title);
const batch = Int32Array.from({ length: 2048 }, (_, i) => (i * 48271) % rows);
const json = JSON.stringify({ query, candidate });
const uniqueTexts = columns.title.map((t, i) => `${t} part ${i}`); // every row a different text (no repeats to reuse)

console.log(JSON.stringify({
  benchmark: '@twotower/features transform',
  data: source,
  rows,
  node: process.version,
  fitBothTowersMs: +fitMs.toFixed(2),
  stringLookupTransformMs: time(() => lookup.transform(columns.user)),
  textVectorizationTransformMs: time(() => text.transformWithLengths(columns.title)),
  textVectorizationUniqueTextsMs: time(() => text.transformWithLengths(uniqueTexts)),
  queryFeatureSetTransformMs: time(() => query.transform(columns)),
  candidateFeatureSetTransformMs: time(() => candidate.transform(columns)),
  batch2048BothTowersMs: time(() => { query.transform(columns, batch); candidate.transform(columns, batch); }, 21),
  featuresJsonBytes: json.length,
  fromJsonMs: time(() => { const o = JSON.parse(json); FeatureSet.fromJSON(o.query); FeatureSet.fromJSON(o.candidate); }),
  describe: [...query.describe(), ...candidate.describe()].map((d) => `${d.name}: ${d.summary}`),
  peer: pythonPeer(columns),
}, null, 2));
