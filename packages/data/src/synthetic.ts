import type { Dataset, ItemCatalogue } from './dataset';
import { DataError, checkInteger } from './errors';
import { InteractionsBuilder } from './interactions-builder';
import { mulberry32 } from '@twotower/utils';

/** Options of {@link syntheticDataset}. */
export interface SyntheticOptions {
  /** Users. Default 200. */
  numUsers?: number;
  /** Items. Default 100. */
  numItems?: number;
  /** Rows to generate. Default 5000. With `unique`, at most 90% of `numUsers * numItems`. */
  numInteractions?: number;
  /** Genres (latent clusters; each item has a main genre and maybe a second). Default 5, at most 8. */
  numGenres?: number;
  /** Dimension of the hidden user and item factors. Default 8. */
  latentDim?: number;
  /** Item popularity follows rank^-exponent (Zipf); 0 makes all items equally popular. Default 1. */
  popularityExponent?: number;
  /** How strongly the hidden factors decide which candidate a user picks (softmax sharpness). Default 4. */
  affinity?: number;
  /** Popularity-sampled candidates among which each pick is made. Default 16. */
  candidatesPerDraw?: number;
  /** At most one row per (user, item) pair. Default `true`. */
  unique?: boolean;
  /** Unix seconds of the first possible event. Default 880,000,000 (late 1997, like ML-100K). */
  startTimestamp?: number;
  /** Span of the event times in seconds. Default 200 days. */
  timeSpanSeconds?: number;
  /** Seed of everything random. Default 42. */
  seed?: number;
}

/** The hidden structure a synthetic data set was drawn from, to check what a model learned. */
export interface SyntheticTruth {
  /** Factor dimension. */
  readonly dim: number;
  /** `[numUsers * dim]` unit-norm user factors, row-major. */
  readonly userFactors: Float32Array;
  /** `[numItems * dim]` unit-norm item factors, row-major. */
  readonly itemFactors: Float32Array;
  /** `[numItems]` sampling weight of each item's popularity (sums to 1). */
  readonly itemPopularity: Float64Array;
  /** `[numUsers]` each user's favourite genre. */
  readonly userGenre: Int32Array;
  /** `[numItems]` each item's main genre. */
  readonly itemGenre: Int32Array;
}

/** A synthetic data set and its ground truth. */
export interface SyntheticDataset extends Dataset {
  readonly items: ItemCatalogue;
  readonly truth: SyntheticTruth;
}

const GENRES = ['Action', 'Comedy', 'Drama', 'Horror', 'Romance', 'Sci-Fi', 'Documentary', 'Animation'] as const;
const GENRE_WORDS: readonly (readonly string[])[] = [
  ['Fury', 'Strike', 'Bullet', 'Chase', 'Mission'],
  ['Wedding', 'Oops', 'Party', 'Roommates', 'Vacation'],
  ['Letters', 'Silence', 'Winter', 'Promise', 'Inheritance'],
  ['Haunting', 'Blood', 'Shadows', 'Cellar', 'Scream'],
  ['Kiss', 'Paris', 'Heart', 'Summer', 'Darling'],
  ['Galaxy', 'Robot', 'Android', 'Orbit', 'Quantum'],
  ['Ocean', 'Wildlife', 'History', 'Portrait', 'Journey'],
  ['Dragon', 'Bunny', 'Toy', 'Kingdom', 'Wizard'],
];
const COMMON_WORDS = ['The', 'Last', 'Night', 'City', 'Return', 'Secret', 'Road', 'Story'];

/**
 * A small interaction log with hidden structure, for tests and examples that need data a model
 * can learn from: users and items get unit factors around genre centroids; each row picks a user
 * (active users more often), samples `candidatesPerDraw` items by Zipf popularity and chooses one
 * with probability proportional to `exp(affinity * <user, item>)`. Ratings are
 * `clamp(round(3 + 2 <user, item> + noise), 1, 5)`; titles contain genre-specific words (so
 * text features carry signal). Deterministic for a seed. Ids are `"u0".."u<n-1>"` and
 * `"i0".."i<m-1>"`, indices in that order.
 */
export function syntheticDataset(options: SyntheticOptions = {}): SyntheticDataset {
  const numUsers = options.numUsers ?? 200;
  const numItems = options.numItems ?? 100;
  const numRows = options.numInteractions ?? 5000;
  const numGenres = options.numGenres ?? 5;
  const dim = options.latentDim ?? 8;
  const exponent = options.popularityExponent ?? 1;
  const affinity = options.affinity ?? 4;
  const k = options.candidatesPerDraw ?? 16;
  const unique = options.unique ?? true;
  const start = options.startTimestamp ?? 880_000_000;
  const span = options.timeSpanSeconds ?? 200 * 86_400;
  const seed = options.seed ?? 42;
  checkInteger('numUsers', numUsers, 1);
  checkInteger('numItems', numItems, 1);
  checkInteger('numInteractions', numRows, 0);
  checkInteger('numGenres', numGenres, 1, GENRES.length);
  checkInteger('latentDim', dim, 1);
  checkInteger('candidatesPerDraw', k, 1);
  checkInteger('seed', seed, 0, 2 ** 32 - 1);
  for (const [field, v] of [
    ['popularityExponent', exponent],
    ['affinity', affinity],
    ['timeSpanSeconds', span],
  ] as const) {
    if (!Number.isFinite(v) || v < 0) throw new DataError('BAD_OPTION', `${field} must be a finite number >= 0; got ${v}.`, { field });
  }
  if (unique && numRows > 0.9 * numUsers * numItems) {
    throw new DataError(
      'BAD_OPTION',
      `numInteractions = ${numRows} is more than 90% of numUsers * numItems = ${numUsers * numItems} with unique pairs: lower it, add users/items, or pass unique: false.`,
      { field: 'numInteractions' },
    );
  }

  const rand = mulberry32(seed);
  const gauss = (): number => {
    const u1 = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rand());
  };
  const unitRow = (out: Float32Array, row: number, centre: Float32Array | null, noise: number): void => {
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      const v = (centre ? centre[d]! : 0) + noise * gauss();
      out[row * dim + d] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) out[row * dim + d]! /= norm;
  };
  const centroids = new Float32Array(numGenres * dim);
  for (let g = 0; g < numGenres; g++) unitRow(centroids, g, null, 1);
  const centroid = (g: number): Float32Array => centroids.subarray(g * dim, (g + 1) * dim);

  const itemFactors = new Float32Array(numItems * dim);
  const itemGenre = new Int32Array(numItems);
  const genres: number[][] = [];
  const titles: string[] = [];
  for (let j = 0; j < numItems; j++) {
    const g = Math.floor(rand() * numGenres);
    itemGenre[j] = g;
    unitRow(itemFactors, j, centroid(g), 0.5 / Math.sqrt(dim));
    const second = numGenres > 1 && rand() < 0.3 ? (g + 1 + Math.floor(rand() * (numGenres - 1))) % numGenres : -1;
    genres.push(second >= 0 ? [g, second].sort((a, b) => a - b) : [g]);
    const words = GENRE_WORDS[g]!;
    titles.push(`${COMMON_WORDS[Math.floor(rand() * COMMON_WORDS.length)]} ${words[Math.floor(rand() * words.length)]} ${j} (${1980 + (j % 20)})`);
  }

  // Popularity: a random rank per item, weight (rank + 1)^-exponent; cumulative for sampling.
  const rank = new Int32Array(numItems);
  for (let j = 0; j < numItems; j++) rank[j] = j;
  for (let i = numItems - 1; i > 0; i--) {
    const s = Math.floor(rand() * (i + 1));
    const t = rank[i]!;
    rank[i] = rank[s]!;
    rank[s] = t;
  }
  const itemPopularity = new Float64Array(numItems);
  let total = 0;
  for (let j = 0; j < numItems; j++) total += itemPopularity[j] = Math.pow(rank[j]! + 1, -exponent);
  const itemCdf = new Float64Array(numItems);
  let acc = 0;
  for (let j = 0; j < numItems; j++) {
    itemPopularity[j]! /= total;
    acc += itemPopularity[j]!;
    itemCdf[j] = acc;
  }

  const userFactors = new Float32Array(numUsers * dim);
  const userGenre = new Int32Array(numUsers);
  const userCdf = new Float64Array(numUsers);
  acc = 0;
  for (let u = 0; u < numUsers; u++) {
    const g = Math.floor(rand() * numGenres);
    userGenre[u] = g;
    unitRow(userFactors, u, centroid(g), 0.7 / Math.sqrt(dim));
    acc += Math.exp(0.8 * gauss()); // log-normal activity
    userCdf[u] = acc;
  }
  const sample = (cdf: Float64Array): number => {
    const x = rand() * cdf[cdf.length - 1]!;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const dot = (u: number, j: number): number => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += userFactors[u * dim + d]! * itemFactors[j * dim + d]!;
    return s;
  };

  const b = new InteractionsBuilder({
    initialCapacity: Math.max(1, numRows),
    userIds: Array.from({ length: numUsers }, (_, u) => `u${u}`),
    itemIds: Array.from({ length: numItems }, (_, j) => `i${j}`),
  });
  const seen = new Set<number>();
  const cand = new Int32Array(k);
  const weight = new Float64Array(k);
  let attempts = 0;
  const maxAttempts = 50 * numRows + 1000;
  while (b.length < numRows) {
    if (++attempts > maxAttempts) {
      throw new DataError('BAD_OPTION', `could not draw ${numRows} unique pairs in ${maxAttempts} attempts (popularity too skewed for so many rows): lower numInteractions or popularityExponent, or pass unique: false.`, {
        field: 'numInteractions',
      });
    }
    const u = sample(userCdf);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const j = sample(itemCdf);
      cand[c] = j;
      const w = unique && seen.has(u * numItems + j) ? 0 : Math.exp(affinity * dot(u, j));
      weight[c] = w;
      sum += w;
    }
    if (sum === 0) continue;
    let x = rand() * sum;
    let pick = cand[k - 1]!;
    for (let c = 0; c < k; c++) {
      x -= weight[c]!;
      if (x < 0 && weight[c]! > 0) {
        pick = cand[c]!;
        break;
      }
    }
    if (unique) {
      if (seen.has(u * numItems + pick)) continue;
      seen.add(u * numItems + pick);
    }
    const rating = Math.min(5, Math.max(1, Math.round(3 + 2 * dot(u, pick) + 0.7 * gauss())));
    const timestamp = Math.floor(start + rand() * span);
    b.addIndexed(u, pick, rating, timestamp);
  }
  return {
    name: `synthetic-${seed}`,
    interactions: b.build(),
    items: { titles, genreNames: GENRES.slice(0, numGenres), genres },
    reports: [],
    truth: { dim, userFactors, itemFactors, itemPopularity, userGenre, itemGenre },
  };
}
