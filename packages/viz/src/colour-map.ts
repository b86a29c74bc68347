/** An RGB colour, each channel 0–255. */
export type Rgb = readonly [number, number, number];

/**
 * Viridis (perceptually uniform, colour-blind safe, prints in grey) sampled at eleven evenly
 * spaced stops; {@link viridis} interpolates between them.
 */
export const VIRIDIS_STOPS: readonly string[] = [
  '#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c',
  '#22a884', '#44bf70', '#7ad151', '#bddf26', '#fde725',
];

/** Distinct colours for categories, the most distinguishable first (Tableau 10, then lighter and darker companions). */
export const CATEGORY_COLOURS: readonly string[] = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
  '#9c755f', '#bab0ac', '#1f3f77', '#a05d00', '#8c1c13', '#2f7f78', '#2c6125', '#a88a00',
  '#6b3d6b', '#c95f7c', '#5c4033', '#6d6d6d', '#9ecae9', '#ffbe7d', '#8cd17d', '#d4a6c8',
];

/** Colour of the "other" category (categories beyond the palette). */
export const OTHER_COLOUR = '#c7c7c7';

/** Parses `#rrggbb`. */
function hexToRgb(hex: string): Rgb {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Formats `#rrggbb`. */
function rgbToHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}

const VIRIDIS_RGB = VIRIDIS_STOPS.map(hexToRgb);

/**
 * Viridis at `t` in [0, 1] (clamped; NaN gives a neutral grey) as `#rrggbb`.
 */
export function viridis(t: number): string {
  if (Number.isNaN(t)) return OTHER_COLOUR;
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS_RGB.length - 1);
  const i = Math.min(VIRIDIS_RGB.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS_RGB[i]!;
  const b = VIRIDIS_RGB[i + 1]!;
  return rgbToHex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
}

/** Finite minimum and maximum of `values` (`[0, 1]` when none is finite; widened when equal). */
export function finiteRange(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return [0, 1];
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/** A categorical colouring: the legend order and the colour of every category. */
export interface CategoryColours {
  /** Categories with their own colour, most frequent first (ties: first seen first). */
  categories: string[];
  /** Colour of each entry of `categories`. */
  colours: string[];
  /** Points per entry of `categories`. */
  counts: number[];
  /** Categories folded into "other" (beyond the palette), and how many points they hold. */
  other: { categories: string[]; count: number };
  /** Colour of category `c`. */
  colourOf(c: string): string;
}

/**
 * Assigns palette colours to categories, most frequent first; beyond `maxColours` the rest share
 * {@link OTHER_COLOUR}. `order` fixes the legend order instead (e.g. age groups young → old).
 */
export function categoryColours(
  values: ArrayLike<string>,
  order?: readonly string[],
  maxColours = CATEGORY_COLOURS.length,
): CategoryColours {
  const counts = new Map<string, number>();
  for (let i = 0; i < values.length; i++) counts.set(values[i]!, (counts.get(values[i]!) ?? 0) + 1);
  let cats: string[];
  if (order) {
    cats = order.filter((c) => counts.has(c));
    for (const c of counts.keys()) if (!cats.includes(c)) cats.push(c);
  } else {
    const seen = [...counts.keys()];
    cats = seen.map((c, i) => ({ c, i })).sort((a, b) => counts.get(b.c)! - counts.get(a.c)! || a.i - b.i).map((x) => x.c);
  }
  const own = cats.length > maxColours ? cats.slice(0, maxColours - 1) : cats;
  const rest = cats.slice(own.length);
  const colour = new Map<string, string>();
  own.forEach((c, i) => colour.set(c, CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]!));
  return {
    categories: own,
    colours: own.map((c) => colour.get(c)!),
    counts: own.map((c) => counts.get(c)!),
    other: { categories: rest, count: rest.reduce((s, c) => s + counts.get(c)!, 0) },
    colourOf: (c: string) => colour.get(c) ?? OTHER_COLOUR,
  };
}
