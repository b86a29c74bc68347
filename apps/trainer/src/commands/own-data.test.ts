import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModelDirectory } from '@twotower/artifact';
import { createServer } from '@twotower/server';
import { main } from '../cli';
import { writeShopLog, type ShopLog } from '@twotower/data/test';

// a shop, end to end through the command line: purchases without ratings, ISO times, a
// catalogue of products (name, category, price) and a customer file (country, age)
jest.setTimeout(300_000);

let root: string;
let shop: ShopLog;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tt-own-'));
  shop = writeShopLog(join(root, 'shop'), { badRows: true, seed: 3 });
});

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(args, (l) => lines.push(l));
  return { code, out: lines.join('\n') };
}

type Json = Record<string, any>;

describe('your own data, from the command line', () => {
  it('inspect says what would be read and trained, without training', async () => {
    const { code, out } = await run(['inspect', '--data', shop.events, '--items', shop.products, '--users', shop.customers]);
    expect(code).toBe(0);
    expect(out).toContain('user      <- customer (by name)');
    expect(out).toContain('item      <- product (by name)');
    expect(out).toMatch(/timestamp <- ts \(by name\): ISO 8601 \(2024-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\n/);
    expect(out).toContain('no rating column: implicit feedback');
    expect(out).toContain('title <- name; categories <- category');
    expect(out).toMatch(/price +number \(numbers [\d.]+\.\.[\d.]+\)/);
    expect(out).toContain(`${shop.events}: ${(shop.rows + 2).toLocaleString('en-US')} rows, ${shop.rows.toLocaleString('en-US')} kept, 2 bad`);
    expect(out).toContain('bad rows by reason: 1 empty item id, 1 bad timestamp');
    expect(out).toContain(`${shop.events}:10: timestamp "last tuesday" is not an ISO 8601 date`);
    expect(out).toMatch(/interactions per user: min \d+, p10 \d+, p25 \d+, median [\d.]+, p75 \d+, p90 \d+, max \d+/);
    expect(out).toMatch(/time span 2024-01-01T.* \.\. 2024-12-31T/);
    for (const f of ['user_country <- user.country', 'name_text <- title', 'category <- genres', 'price_bucket <- item.price']) expect(out).toContain(f);
    expect(out).toContain('the rating models are skipped: the log has no ratings');
    expect(out).toContain('retrieval: 2 pairs of towers (seeds 0..1), each on its own batches, embeddings 64 wide; query [32] · candidate [32]; batches of 2048, then a refit');
    const config = JSON.parse(out.slice(out.indexOf('{'))) as Json;
    expect(config).toEqual({
      extends: 'default',
      data: { dir: shop.events, columns: { user: 'customer', item: 'product', timestamp: 'ts' }, timestampFormat: 'iso', items: shop.products, users: shop.customers },
    });
    expect(existsSync(join(root, 'model'))).toBe(false);
  });

  it('inspect says what a config file without "extends" leaves to the schema, and is quiet with it', async () => {
    const alone = join(root, 'alone.json');
    writeFileSync(alone, JSON.stringify({ training: { epochs: 3 } }));
    const { code, out } = await run(['inspect', '--data', shop.events, '--config', alone]);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`note: ${alone.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has no "extends", so \\d+ fields it does not give take the schema's defaults`));
    expect(out).toContain('model.popularityLean 0 (default: 0.06)');
    const extending = join(root, 'extending.json');
    writeFileSync(extending, JSON.stringify({ extends: 'default', training: { epochs: 3 } }));
    expect((await run(['inspect', '--data', shop.events, '--config', extending])).out).not.toContain('has no "extends"');
  });

  it('trains a shop log of purchases, beats popularity on the planted structure, writes the report, and serves all four kinds', async () => {
    const out = join(root, 'shop-model');
    // the default with the whole history in the query tower (not its recent one): the serving test below asks for answers from a history
    const config = join(root, 'with-history.json');
    writeFileSync(config, JSON.stringify({ extends: 'default', features: { history: { length: 50, recent: false } } }));
    const r = await run(['--config', config, '--data', shop.events, '--items', shop.products, '--users', shop.customers, '--weight-col', 'qty', '--out', out, '--quiet', '--epochs', '12']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('weight    <- qty (given)');
    expect(r.out).toMatch(/feature name_text \(title\): \d+ tokens learned/);
    expect(r.out).toMatch(/feature category \(genres\): 6 tokens learned/);
    expect(r.out).toMatch(/feature user_country \(user\.country\): 4 values learned/);
    expect(r.out).toContain('ranking models skipped: the log has no ratings (the ranking models learn P(liked) and the rating from rated rows); re-ranking uses the engagement model');
    expect(r.out).toContain('against the one test item (no ratings: every test interaction)');

    const model = openModelDirectory(out);
    const m = model.metrics();
    expect(m.dataset).toMatchObject({ users: 300, items: 120, interactions: shop.rows });
    const recall = (x: { excludeSeen?: unknown } | undefined) => (x!.excludeSeen as Record<string, number>)['recall@10']!;
    // the planted structure (a favourite category per customer): far above popularity
    expect(recall(m.retrieval)).toBeGreaterThan(2 * recall(m.baselines.popularity));
    expect(m.ranking).toBeUndefined();
    expect(m.rankingSkipped).toMatch(/no ratings/);
    expect(m.engagement!.positives).toBeGreaterThan(0);
    expect(m.twoStageByCandidates!['100']!.queries).toBe(m.split.test);
    // the two-stage list per user: its candidates are the dot product's, the main table's lists
    // read the default config's popularity lean, and both top 10s are printed
    expect(m.twoStagePerUser).toMatchObject({ candidates: 100, k: 10 });
    expect(m.popularityLean).toMatchObject({ weight: 0.06, fixed: true });
    expect(r.out).toMatch(/two-stage per user: retrieve 100 \(training items excluded\), re-rank, top 10/);
    expect(r.out).toContain(`two-tower's top 10, dot product       ${m.twoStagePerUser!.retrieval.recall.toFixed(4)}`);
    expect(r.out).toContain(`two-tower's top 10, with the lean     ${recall(m.retrieval).toFixed(4)}`);
    // the two-tower minus EASE, user by user: the gap between the two rows of the main table
    const ease = (m.baselines.ease!.excludeSeen as Record<string, number>)['ndcg@10']!;
    expect(m.versusEase!.figures['ndcg@10']!.mean).toBeCloseTo((m.retrieval.excludeSeen as Record<string, number>)['ndcg@10']! - ease, 10);
    expect(r.out).toMatch(/two-tower − EASE per user \(training items excluded\): recall@10 [-+]\d\.\d{4} ± \d\.\d{4}, ndcg@10 [-+]\d\.\d{4} ± \d\.\d{4} \(paired mean ± standard error over \d+ users\)/);

    const html = readFileSync(join(out, 'report', 'index.html'), 'utf8');
    for (const s of ['Item embeddings', 'User embeddings', 'Day embedding', 'Similar items (item2item)', 'coloured by first category']) expect(html).toContain(s);

    const app = await createServer({ modelDir: out, processMetrics: false });
    try {
      const post = async (url: string, payload: Json) => {
        const res = await app.inject({ method: 'POST', url, payload });
        expect([url, res.statusCode]).toEqual([url, 200]);
        return res.json() as Json;
      };
      const products = readFileSync(shop.products, 'utf8').split('\n');
      const name = (id: string) => products.find((l) => l.startsWith(`${id},`))!.split('"')[1];
      const userItems = await post('/v1/recommend/user-items', { user: 'C00001', k: 5, rerank: true });
      expect(userItems.items).toHaveLength(5);
      expect(userItems.items[0].title).toBe(name(userItems.items[0].id));
      const itemItems = await post('/v1/recommend/item-items', { item: 'P0001', k: 3 });
      expect(itemItems).toMatchObject({ item: 'P0001', title: name('P0001') });
      expect(itemItems.items).toHaveLength(3);
      expect((await post('/v1/recommend/user-users', { user: 'C00001', k: 3 })).users).toHaveLength(3);
      expect((await post('/v1/recommend/item-users', { item: 'P0001', k: 3 })).users).toHaveLength(3);
      const ranked = await post('/v1/rank', { user: 'C00002', items: ['P0001', 'P0050', 'P0100'] });
      expect(ranked.items.map((x: Json) => typeof x.rankScore)).toEqual(['number', 'number', 'number']);
      // a customer the model never saw is still answered
      expect((await post('/v1/recommend/user-items', { user: 'someone-new', k: 2 })).items).toHaveLength(2);
    } finally {
      await app.close();
    }
  });

  it('serves, on that trained model, a customer it never saw from a history or attributes alone, and a product added without retraining', async () => {
    const out = join(root, 'shop-model');
    expect(existsSync(join(out, 'metrics.json'))).toBe(true); // written by the test above
    const products = readFileSync(shop.products, 'utf8').trim().split('\n').slice(1);
    const category = new Map(products.map((l) => [l.split(',')[0]!, l.split(',').at(-2)!]));
    const ofCategory = (c: string) => [...category].filter(([, k]) => k === c).map(([id]) => id);
    const share = (ids: string[], c: string) => ids.filter((id) => (category.get(id) ?? added.get(id)) === c).length / ids.length;
    const added = new Map([['P9001', 'music']]);
    const app = await createServer({ modelDir: out, processMetrics: false, adminToken: 'shop-admin' });
    try {
      const post = async (url: string, payload: Json, headers: Record<string, string> = {}) => {
        const res = await app.inject({ method: 'POST', url, payload, headers });
        expect([url, res.statusCode]).toEqual([url, 200]);
        return res.json() as Json;
      };
      // five products of one category bought, no user id: the answer leans to that category (1 in 6 by chance);
      // answered as the trainer chose on its validation users (the query tower, or the popular items re-ordered by the item-item stage)
      const coldAnswer = openModelDirectory(out).metrics().itemItem!.coldHistory!;
      expect(coldAnswer.users).toBeGreaterThan(0);
      const categories = [...new Set(category.values())];
      const shares: number[] = [];
      for (const c of categories) {
        const answer = await post('/v1/recommend/user-items', { history: ofCategory(c).slice(0, 5), k: 10 });
        expect(answer).toMatchObject({ coldStart: true, scoreKind: coldAnswer.answer === 'item-item' ? 'item-item' : 'history', historyUsed: 5 });
        expect(answer).not.toHaveProperty('user');
        shares.push(share(answer.items.map((h: Json) => h.id), c));
      }
      // seen on this log: 0.9, 1, 1, 1, 0.9, 1 from the popular items re-ordered (validation nDCG@10 0.61 against the query
      // tower's 0.38, which gave 0.3, 0.6, 1, 1, 0, 1 here: the default config trains no unknown-user slot, see training.userDropout)
      expect(shares.reduce((a, b) => a + b, 0) / shares.length).toBeGreaterThan(0.4);
      // attributes alone: the country, which the query tower reads (half the customers of a country share its favourite categories)
      // (the log's country k goes with favourite categories k and k + 4: FR garden/sports, DE kitchen/music, IT toys, ES books).
      // The unknown-user slot the query also reads is not trained in the default config (training.userDropout trains it): it
      // is the average user's row (fitRetrieval). Seen here 0.9, 1, 0.9, 1 with the default (seed 0, two members; chance 1/3
      // for FR and DE, 1/6 for IT and ES). This path is untrained, so other seeds can miss: seed 1 gave DE 0.1 with two
      // members, and with one a new product's neighbours below held no music (the random start of that slot gave FR 0.2
      // with the default's two members)
      for (const [k, country] of ['FR', 'DE', 'IT', 'ES'].entries()) {
        const byCountry = await post('/v1/recommend/user-items', { attributes: { country }, k: 10 });
        expect(byCountry).toMatchObject({ coldStart: true, scoreKind: 'attributes', attributesUsed: ['country'] });
        const ids = byCountry.items.map((h: Json) => h.id);
        expect(share(ids, categories[k]!) + (k + 4 < categories.length ? share(ids, categories[k + 4]!) : 0)).toBeGreaterThanOrEqual(0.5);
      }
      // a new music product, embedded from its name and category, found by item-items, by a music buyer's history, and finding music buyers
      await post('/admin/items', { items: [{ id: 'P9001', title: 'black guitar 99', genres: ['music'] }] }, { authorization: 'Bearer shop-admin' });
      const near = await post('/v1/recommend/item-items', { item: 'P9001', k: 5 });
      expect(share(near.items.map((h: Json) => h.id), 'music')).toBeGreaterThanOrEqual(0.8);
      const events = readFileSync(shop.events, 'utf8').trim().split('\n').slice(1);
      const bought = new Map<string, string[]>();
      for (const l of events) {
        const [customer, product] = l.split(',');
        if (customer && product && category.has(product)) bought.set(customer, [...(bought.get(customer) ?? []), category.get(product)!]);
      }
      // (a known customer's: the item-item stage that may answer a new one has no row for a product added after training)
      const musicFan = [...bought].sort((a, b) => b[1].filter((k) => k === 'music').length / b[1].length - a[1].filter((k) => k === 'music').length / a[1].length)[0]![0];
      const music = await post('/v1/recommend/user-items', { user: musicFan, history: ofCategory('music').slice(0, 5), k: 20 });
      expect(music).toMatchObject({ coldStart: false, scoreKind: 'history' });
      expect(music.items.map((h: Json) => h.id)).toContain('P9001');
      const users = await post('/v1/recommend/item-users', { item: 'P9001', k: 5 });
      // the customers found for it are music buyers: the share of music among their purchases (1 in 6 for a customer at random)
      const musicShare = users.users.map((u: Json) => bought.get(u.id)!.filter((k) => k === 'music').length / bought.get(u.id)!.length);
      expect(Math.min(...musicShare)).toBeGreaterThan(0.4);
    } finally {
      await app.close();
    }
  });

  it('trains a log of two columns (no time, no rating, no catalogue), ids as labels, and serves it', async () => {
    const out = join(root, 'pairs-model');
    const r = await run(['--data', shop.pairs, '--out', out, '--quiet', '--epochs', '8']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('no timestamp column: no time features');
    expect(r.out.match(/ {2}feature \w+/g)).toEqual(['  feature user_id', '  feature title_id']);
    const m = openModelDirectory(out).metrics();
    const recall = (x: { excludeSeen?: unknown } | undefined) => (x!.excludeSeen as Record<string, number>)['recall@10']!;
    expect(recall(m.retrieval)).toBeGreaterThan(recall(m.baselines.popularity));
    expect(readFileSync(join(out, 'report', 'index.html'), 'utf8')).toContain('Item embeddings');
    const app = await createServer({ modelDir: out, processMetrics: false });
    try {
      const res = await app.inject({ method: 'POST', url: '/v1/recommend/item-items', payload: { item: 'P0001', k: 2 } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ item: 'P0001', title: 'P0001' });
    } finally {
      await app.close();
    }
  });

  it('names the columns there are when the item column cannot be found, and the flags that fix it', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      errors.push(String(s));
      return true;
    });
    try {
      expect((await run(['inspect', '--data', shop.events, '--item-col', 'sku'])).code).toBe(1);
      expect(errors.join('')).toContain(`${shop.events}: the header has no column "sku" for the item (columns: "customer", "product", "ts", "qty").`);
    } finally {
      spy.mockRestore();
    }
  });
});
