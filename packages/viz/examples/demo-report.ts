/**
 * Builds a report from synthetic data shaped like a trained MovieLens model, so the page can be
 * looked at without training anything:
 *
 *   pnpm --filter @twotower/viz demo [outDir]      (default: ./demo-report)
 *
 * then open outDir/index.html in a browser.
 */
import * as path from 'node:path';
import { clusteredPoints, SeededRandom, writeReport, type ReportSpec } from '../src/index';

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? 'demo-report');
  const rng = new SeededRandom(7);
  const genres = ['Drama', 'Comedy', 'Action', 'Thriller', 'Romance', 'Adventure', 'Children', 'Crime', 'Sci-Fi', 'Horror'];
  // items: 600 films in genre clusters
  const items = clusteredPoints({ n: 600, dim: 32, clusters: genres.length, seed: 1, centreSpread: 3 });
  const itemGenre = Array.from(items.labels, (c) => genres[c]!);
  const itemTitles = Array.from(items.labels, (c, i) => `${genres[c]} film ${i} (${1950 + (i % 48)})`);
  itemTitles[0] = 'Toy Story (1995)';
  itemTitles[1] = 'Star Wars (1977)';
  itemTitles[2] = 'Fargo (1996)';
  // days: a smooth 1-D curve in 32-d, the last 40 days pulled aside (the bias the map should show)
  const days = 300;
  const dayData = new Float32Array(days * 32);
  for (let d = 0; d < days; d++) {
    for (let c = 0; c < 32; c++) {
      const t = d / days;
      dayData[d * 32 + c] = Math.sin(3 * t * (1 + (c % 5)) + c) * 2 + 0.15 * rng.normal() + (d > days - 40 && c < 4 ? 2.5 : 0);
    }
  }
  // users: 400, by age group and occupation
  const users = clusteredPoints({ n: 400, dim: 32, clusters: 6, seed: 2, centreSpread: 2 });
  const ages = ['under 18', '18-24', '25-34', '35-44', '45-49', '50-55', '56+'];
  const jobs = ['student', 'educator', 'engineer', 'programmer', 'administrator', 'writer', 'librarian', 'technician', 'executive', 'healthcare', 'artist', 'other'];
  const userAge = Array.from(users.labels, (c, i) => ages[(c + (i % 3)) % ages.length]!);
  const userJob = Array.from({ length: 400 }, () => jobs[Math.floor(rng.next() * jobs.length)]!);
  const epochs = 15;
  const loss = Array.from({ length: epochs }, (_, e) => 7.6 * Math.exp(-e / 4) + 5.1 + 0.05 * rng.normal());
  const top100 = Array.from({ length: epochs }, (_, e) => 0.42 * (1 - Math.exp(-(e + 1) / 3)));
  const spec: ReportSpec = {
    title: 'twotower — demo report',
    subtitle: 'Synthetic data shaped like MovieLens 100K: what the learned embeddings look like.',
    meta: { model: 'demo (synthetic)', epochs: String(epochs), generated: new Date().toISOString().slice(0, 10) },
    sections: [
      {
        kind: 'text',
        title: 'Summary',
        text: 'This page is made by examples/demo-report.ts from synthetic data.\n\n- Hover a point to see its label.\n- Search a film to see its nearest neighbours.\n- Switch the colouring of the user map.',
      },
      {
        kind: 'table',
        title: 'Metrics',
        description: 'Top-K accuracy over the whole catalogue (seed protocol) and with seen items excluded (serving protocol).',
        columns: ['model', 'top-10', 'top-50', 'top-100', 'protocol'],
        rows: [
          ['two-tower (this model)', 0.131, 0.452, 0.601, 'serving'],
          ['most popular', 0.092, 0.274, 0.411, 'serving'],
          ['EASE λ=500', 0.175, 0.461, 0.626, 'serving'],
        ],
        best: { 'top-10': 'max', 'top-50': 'max', 'top-100': 'max' },
        emphasise: [0],
      },
      {
        kind: 'lines',
        title: 'Training loss',
        yLabel: 'in-batch softmax loss',
        series: [
          { name: 'train', values: loss },
          { name: 'validation', values: loss.map((v) => v + 0.25), dashed: true },
        ],
      },
      { kind: 'lines', title: 'Top-100 accuracy', yLabel: 'accuracy', series: [{ name: 'top-100 (validation)', values: top100 }] },
      {
        kind: 'scatter',
        title: 'Day embeddings',
        description: 'Each point is a day (timestamp bucket). A smooth gradient means time was learned; the recent days pulled aside are a bias.',
        embeddings: { data: dayData, dim: 32 },
        labels: Array.from({ length: days }, (_, d) => `day ${d}`),
        colourBy: [{ kind: 'continuous', name: 'day index', values: Array.from({ length: days }, (_, d) => d) }],
      },
      {
        kind: 'scatter',
        title: 'Item embeddings',
        embeddings: { data: items.data, dim: 32 },
        labels: itemTitles,
        colourBy: [{ kind: 'categorical', name: 'genre', categories: itemGenre }],
        labelPoints: [0, 1, 2],
      },
      {
        kind: 'scatter',
        title: 'User embeddings',
        embeddings: { data: users.data, dim: 32 },
        labels: Array.from({ length: 400 }, (_, i) => `user ${i + 1}`),
        colourBy: [
          { kind: 'categorical', name: 'age group', categories: userAge, order: ages },
          { kind: 'categorical', name: 'occupation', categories: userJob },
        ],
      },
      {
        kind: 'neighbours',
        title: 'Similar films (item2item)',
        queries: [
          { query: 'Toy Story (1995)', note: 'Animation · Children · Comedy', neighbours: [{ title: 'Aladdin (1992)', score: 0.91 }, { title: 'Lion King, The (1994)', score: 0.88 }, { title: 'Toy Story 2 (1999)', score: 0.8 }] },
          { query: 'Star Wars (1977)', neighbours: [{ title: 'Return of the Jedi (1983)', score: 0.95 }, { title: 'Empire Strikes Back, The (1980)', score: 0.94 }] },
          { query: 'Fargo (1996)', neighbours: [{ title: 'Pulp Fiction (1994)', score: 0.7 }, { title: 'Reservoir Dogs (1992)', score: 0.66 }] },
        ],
      },
    ],
  };
  const t0 = Date.now();
  const files = await writeReport(out, spec, { onProgress: (m) => console.error(m) });
  console.log(JSON.stringify({ dir: out, files: files.length, index: files[0], seconds: (Date.now() - t0) / 1000 }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
