import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { assertWellFormedXml, countOf, smallReportSpec } from './test-utils';
import { writeReport } from './write-report';

describe('writeReport', () => {
  let dir: string;
  let files: string[];
  let html: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'viz-report-'));
    files = await writeReport(dir, smallReportSpec(), { pngScale: 1 });
    html = await readFile(path.join(dir, 'index.html'), 'utf8');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes index.html and an SVG and a PNG for every figure', () => {
    const rel = files.map((f) => path.relative(dir, f));
    expect(rel[0]).toBe('index.html');
    expect(rel.slice(1).sort()).toEqual(
      [
        'training-curves',
        'day-embeddings--day-index',
        'item-embeddings--genre',
        'user-embeddings--age-group',
        'user-embeddings--occupation',
      ]
        .flatMap((s) => [`figures/${s}.svg`, `figures/${s}.png`])
        .sort(),
    );
  });

  it('figures are well-formed SVG and decodable PNG', async () => {
    for (const f of files.filter((x) => x.endsWith('.svg'))) assertWellFormedXml(await readFile(f, 'utf8'));
    for (const f of files.filter((x) => x.endsWith('.png'))) {
      const png = PNG.sync.read(await readFile(f));
      expect(png.width).toBe(800);
    }
    const items = await readFile(path.join(dir, 'figures/item-embeddings--genre.svg'), 'utf8');
    const group = items.slice(items.indexOf('<g class="points"'), items.indexOf('</g>', items.indexOf('<g class="points"')));
    expect(countOf(group, '<circle')).toBe(120);
    expect(items).toContain('>Toy Story (1995)<');
  });

  it('the page is self-contained: no network references of any kind', () => {
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/\b(src|srcset|poster|action)\s*=/i);
    expect(html).not.toMatch(/url\(|@import|<link(?![^>]*rel="icon"[^>]*href="data:,")[^>]*>/i);
    expect(html).not.toMatch(/["'(]\/\//); // protocol-relative
    expect(html).not.toMatch(/fetch\(|XMLHttpRequest|WebSocket|EventSource|import\(/);
    // the only links are to the figure files beside it and to its own sections
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    for (const h of hrefs) expect(h).toMatch(/^(#[a-z0-9-]+|figures\/[a-z0-9-]+\.(svg|png)|data:,)$/);
  });

  it('embeds each map as JSON with every point, label and neighbour list', () => {
    const blocks = [...html.matchAll(/<script type="application\/json" id="([^"]+)">([\s\S]*?)<\/script>/g)];
    expect(blocks.map((b) => b[1])).toEqual(['data-training-curves', 'data-day-embeddings', 'data-item-embeddings', 'data-user-embeddings']);
    const items = JSON.parse(blocks[2]![2]!);
    expect(items.n).toBe(120);
    expect(items.x).toHaveLength(120);
    expect(items.labels[0]).toBe('Toy Story (1995)');
    expect(items.k).toBe(5);
    expect(items.nbr).toHaveLength(600);
    expect(items.colourings[0].legend.map((e: { label: string }) => e.label).sort()).toEqual(['Action', 'Comedy', 'Drama', 'Horror']);
    const users = JSON.parse(blocks[3]![2]!);
    expect(users.colourings.map((c: { name: string }) => c.name)).toEqual(['age group', 'occupation']);
  });

  it('renders tables, neighbours and text, escaping what it shows', () => {
    expect(html).toContain('<title>Test report &lt;&amp;&gt;</title>');
    expect(html).toContain('<td class="num">0.1235</td>');
    expect(html).toContain('<td class="num best">0.175</td>'); // best top-10
    expect(html).toContain('<td class="num best">0.6</td>'); // best top-100 (EASE's is missing)
    expect(html).toMatch(/<tr class="em"><td>two-tower<\/td>/);
    expect(html).toContain('<td class="num">—</td>');
    expect(html).toContain('<h3><span data-label="Toy Story (1995)">Toy Story (1995)</span></h3>');
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>');
  });

  it('rejects a bad spec naming the section and field', async () => {
    const spec = smallReportSpec();
    await expect(writeReport(dir, { ...spec, title: '' })).rejects.toThrow(/title: the report needs a non-empty title/);
    await expect(
      writeReport(dir, { title: 't', sections: [{ kind: 'scatter', title: 'x', points: new Float32Array(4), labels: ['a'] }] }),
    ).rejects.toThrow(/sections\[0\].labels: needs one label per point \(2\); got 1/);
    await expect(writeReport(dir, { title: 't', sections: [{ kind: 'pie', title: 'x' } as never] })).rejects.toThrow(
      /sections\[0\].kind: unknown section kind "pie"/,
    );
    await expect(
      writeReport(dir, { title: 't', sections: [{ kind: 'table', title: 'x', columns: ['a', 'b'], rows: [[1]] }] }),
    ).rejects.toThrow(/sections\[0\].rows\[0\]: needs 2 cells/);
  });
});
