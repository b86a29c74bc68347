/**
 * End-to-end: the report in a real browser (Debian's headless Chromium driven by playwright-core,
 * no network). Skips, saying why, where Chromium is absent: `pnpm --filter @twotower/viz test:all`
 * installs it first where it can (root + apt).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { smallReportSpec } from './test-utils';
import { writeReport } from './write-report';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `report.browser.test.ts skipped: no Chromium at ${CHROMIUM}. Install Debian's package (apt-get install chromium), ` +
      'or run `pnpm --filter @twotower/viz test:all`, which installs it where it can; CHROMIUM_PATH points elsewhere.',
  );
}
const describeBrowser = available ? describe : describe.skip;

describeBrowser('report in headless Chromium', () => {
  // playwright-core is loaded only when the browser test runs
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  let dir: string;
  let profile: string;
  let context: import('playwright-core').BrowserContext;
  let page: import('playwright-core').Page;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'viz-e2e-'));
    profile = await mkdtemp(path.join(tmpdir(), 'viz-chromium-profile-'));
    await writeReport(dir, smallReportSpec(), { pngScale: 1 });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // nothing leaves the machine: anything but the report's own files is recorded and refused
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    await page.goto(pathToFileURL(path.join(dir, 'index.html')).href);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 15000 });
  });

  afterAll(async () => {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('renders every figure', async () => {
    const figures = await page.$$eval('[data-figure]', (els) =>
      els.map((el) => {
        const svg = el.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          id: el.id,
          kind: el.getAttribute('data-figure'),
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          expectedPoints: Number(el.getAttribute('data-points') ?? 0),
          points: el.querySelectorAll('.pts circle').length,
          series: Number(el.getAttribute('data-series') ?? 0),
          polylines: el.querySelectorAll('polyline').length,
        };
      }),
    );
    expect(figures.map((f) => f.id)).toEqual(['training-curves', 'day-embeddings', 'item-embeddings', 'user-embeddings']);
    for (const f of figures) {
      expect(f.width).toBeGreaterThan(400);
      expect(f.height).toBeGreaterThan(200);
      if (f.kind === 'scatter') expect(f.points).toBe(f.expectedPoints);
      else expect(f.polylines).toBe(f.series);
    }
    // points are drawn with a visible radius and a colour
    const circle = await page.$eval('#item-embeddings .pts circle', (c) => {
      const r = c.getBoundingClientRect();
      return { w: r.width, fill: c.getAttribute('fill') };
    });
    expect(circle.w).toBeGreaterThan(2);
    expect(circle.fill).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('hovering a point shows its label', async () => {
    const point = page.locator('#item-embeddings .pts circle[data-i="0"]');
    await point.scrollIntoViewIfNeeded();
    const box = await point.boundingBox();
    expect(box).not.toBeNull();
    await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
    const tip = page.locator('#item-embeddings .tip');
    await tip.waitFor({ state: 'visible', timeout: 5000 });
    expect(await tip.innerText()).toContain('Toy Story (1995)');
    expect(await tip.innerText()).toMatch(/genre: (Drama|Comedy|Action|Horror)/);
  });

  it('the search box highlights an item and its nearest neighbours', async () => {
    const section = page.locator('#item-embeddings');
    await section.locator('input.search').fill('star wars');
    await section.locator('input.search').press('Enter');
    await section.locator('.selection ol.nbrs li').first().waitFor({ timeout: 5000 });
    expect(await section.locator('.selection .sel-head').innerText()).toContain('Star Wars (1977)');
    expect(await section.locator('svg.map.focus').count()).toBe(1);
    expect(await section.locator('.hl circle.sel').count()).toBe(1);
    expect(await section.locator('.hl circle.nbr').count()).toBe(5);
    expect(await section.locator('.links line').count()).toBe(5);
    const shown = await section.locator('.selection ol.nbrs li').allInnerTexts();
    const expected = await page.evaluate(() => {
      // runs in the page (no DOM types in this package's compilation)
      const doc = (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document;
      const d = JSON.parse(doc.getElementById('data-item-embeddings')!.textContent!);
      return (d.nbr as number[]).slice(5, 10).map((j) => d.labels[j] as string);
    });
    expect(shown.map((s) => s.trim())).toEqual(expected);
    // an unknown query says so
    await section.locator('input.search').fill('no such film');
    await section.locator('input.search').press('Enter');
    expect(await section.locator('.selection').innerText()).toContain('No point matches');
  });

  it('a title in a neighbours card opens the map with that item selected', async () => {
    const cards = page.locator('#similar-films');
    expect(await cards.locator('button.in-map').allInnerTexts()).toEqual(['Toy Story (1995)']); // Aladdin is not on a map
    await cards.locator('button.in-map').click();
    const section = page.locator('#item-embeddings');
    await section.locator('.selection .sel-head').waitFor({ timeout: 5000 });
    expect(await section.locator('.selection .sel-head').innerText()).toContain('Toy Story (1995)');
    expect(await section.locator('input.search').inputValue()).toBe('Toy Story (1995)');
  });

  it('switches colourings, zooms and shows training-curve values', async () => {
    const users = page.locator('#user-embeddings');
    await users.locator('select.colour-by').selectOption('1');
    expect(await users.locator('.legend').innerText()).toContain('student');
    expect(await users.locator('a.download[data-format="png"]').getAttribute('href')).toBe('figures/user-embeddings--occupation.png');
    await users.locator('button.zoom-in').click();
    expect(await users.locator('g.viewport').getAttribute('transform')).toContain('scale(1.5)');
    const chart = page.locator('#training-curves svg');
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    const tip = page.locator('#training-curves .tip');
    await tip.waitFor({ state: 'visible', timeout: 5000 });
    expect(await tip.innerText()).toMatch(/train loss: [\d.]+/);
  });

  it('loads nothing from the network and logs no errors; takes a screenshot', async () => {
    await page.locator('#item-embeddings').scrollIntoViewIfNeeded();
    await page.locator('#item-embeddings input.search').fill('Toy Story');
    await page.locator('#item-embeddings input.search').press('Enter');
    const outDir = process.env.VIZ_SCREENSHOT_DIR ?? path.resolve(__dirname, '..', '.viz-test-output');
    await mkdir(outDir, { recursive: true });
    await page.screenshot({ path: path.join(outDir, 'report.png'), fullPage: true });
    await page.locator('#item-embeddings').screenshot({ path: path.join(outDir, 'report-items.png') });
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
  });
});
