import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '@twotower/utils';

/** Options of {@link writeShopLog}. */
export interface ShopLogOptions {
  customers?: number;
  /** Products per category. */
  productsPerCategory?: number;
  /** Purchases per customer: uniform in [min, max]. */
  purchases?: [number, number];
  /** Share of a customer's purchases in their favourite category (the rest uniform over the shop). */
  loyalty?: number;
  seed?: number;
  /** Lines that are no purchase: an empty product, a timestamp that is no date. */
  badRows?: boolean;
}

/** The files {@link writeShopLog} wrote. */
export interface ShopLog {
  /** `customer,product,ts,qty`: purchases, no rating, ISO 8601 times. */
  events: string;
  /** `product_id,name,category,price`. */
  products: string;
  /** `customer_id,country,age`. */
  customers: string;
  /** `customer,product`: the same purchases, two columns. */
  pairs: string;
  rows: number;
}

const CATEGORIES = ['garden', 'kitchen', 'toys', 'books', 'sports', 'music'];
const WORDS: Record<string, string[]> = {
  garden: ['hose', 'rake', 'shovel', 'planter', 'seeds'],
  kitchen: ['pan', 'knife', 'kettle', 'whisk', 'bowl'],
  toys: ['puzzle', 'robot', 'doll', 'kite', 'blocks'],
  books: ['novel', 'atlas', 'cookbook', 'poems', 'thriller'],
  sports: ['racket', 'ball', 'helmet', 'gloves', 'shoes'],
  music: ['guitar', 'drum', 'flute', 'strings', 'amplifier'],
};
const COLOURS = ['red', 'blue', 'green', 'black', 'silver'];
const COUNTRIES = ['FR', 'DE', 'IT', 'ES'];

/**
 * A small seeded shop in `dir`: customers who buy mostly from a favourite category (the planted
 * structure a model can learn and popularity cannot), products with a category, a name and a
 * price, purchases in 2024 with ISO 8601 times and a quantity, no rating; a customer buys a
 * product once (so every test purchase is a product new to its customer).
 */
export function writeShopLog(dir: string, options: ShopLogOptions = {}): ShopLog {
  mkdirSync(dir, { recursive: true });
  const rand = mulberry32(options.seed ?? 1);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const perCategory = options.productsPerCategory ?? 20;
  const products: { id: string; category: number }[] = [];
  const productLines = ['product_id,name,category,price'];
  CATEGORIES.forEach((c, k) => {
    for (let j = 0; j < perCategory; j++) {
      const id = `P${String(k * perCategory + j + 1).padStart(4, '0')}`;
      products.push({ id, category: k });
      const price = (5 + 10 * k + 40 * rand() * rand()).toFixed(2);
      productLines.push(`${id},"${pick(COLOURS)} ${pick(WORDS[c]!)} ${j + 1}",${c},${price}`);
    }
  });
  const customers = options.customers ?? 300;
  const [lo, hi] = options.purchases ?? [8, 30];
  const loyalty = options.loyalty ?? 0.85;
  const customerLines = ['customer_id,country,age'];
  const events = ['customer,product,ts,qty'];
  const pairs = ['customer,product'];
  const start = Date.UTC(2024, 0, 1);
  const year = 366 * 86400 * 1000;
  for (let u = 0; u < customers; u++) {
    const id = `C${String(u + 1).padStart(5, '0')}`;
    const favourite = Math.floor(rand() * CATEGORIES.length);
    // the country says something about the favourite category (half the time)
    const country = rand() < 0.5 ? COUNTRIES[favourite % COUNTRIES.length]! : pick(COUNTRIES);
    customerLines.push(`${id},${country},${18 + Math.floor(rand() * 60)}`);
    const n = lo + Math.floor(rand() * (hi - lo + 1));
    const bought = new Set<string>();
    for (let k = 0; k < n; k++) {
      let p: { id: string; category: number };
      do {
        // within a category, earlier products sell more (a mild popularity skew)
        const j = Math.floor(perCategory * rand() ** 1.5);
        p = rand() < loyalty ? products[favourite * perCategory + j]! : products[Math.floor(rand() * products.length)]!;
      } while (bought.has(p.id));
      bought.add(p.id);
      const ts = new Date(start + 1000 * Math.floor((rand() * year) / 1000)).toISOString().replace(".000Z", "Z");
      events.push(`${id},${p.id},${ts},${1 + Math.floor(rand() * rand() * 4)}`);
      pairs.push(`${id},${p.id}`);
    }
  }
  const rows = events.length - 1;
  if (options.badRows) {
    events.splice(5, 0, 'C00002,,2024-02-02T10:00:00Z,1');
    events.splice(9, 0, 'C00003,P0001,last tuesday,1');
  }
  const files = { events: join(dir, 'events.csv'), products: join(dir, 'products.csv'), customers: join(dir, 'customers.csv'), pairs: join(dir, 'pairs.csv') };
  writeFileSync(files.events, `${events.join('\n')}\n`);
  writeFileSync(files.products, `${productLines.join('\n')}\n`);
  writeFileSync(files.customers, `${customerLines.join('\n')}\n`);
  writeFileSync(files.pairs, `${pairs.join('\n')}\n`);
  return { ...files, rows };
}
