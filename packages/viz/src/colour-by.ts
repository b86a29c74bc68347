import { categoryColours, finiteRange, viridis, type CategoryColours } from './colour-map';
import { VizInputError } from './errors';

/** Colour points by a number per point, on the viridis colour map with a colour bar. */
export interface ContinuousColour {
  kind: 'continuous';
  /** Name shown in the selector and above the colour bar, e.g. `"day index"`. */
  name: string;
  /** One value per point (NaN: drawn grey). */
  values: ArrayLike<number>;
  /** Values mapped to the ends of the colour map. Default: the finite min and max. */
  domain?: [number, number];
}

/** Colour points by a category per point, with a legend. */
export interface CategoricalColour {
  kind: 'categorical';
  /** Name shown in the selector and above the legend, e.g. `"genre"`. */
  name: string;
  /** One category per point. */
  categories: ArrayLike<string>;
  /** Legend order (e.g. age groups young → old). Default: most frequent first. */
  order?: string[];
}

/** How to colour a scatter plot. */
export type ColourBy = ContinuousColour | CategoricalColour;

/** A colouring resolved to one colour per point, plus what its legend needs. */
export interface ResolvedColouring {
  /** `#rrggbb` per point. */
  colours: string[];
  /** Continuous: the domain; categorical: the legend entries. */
  legend: { kind: 'continuous'; name: string; domain: [number, number] } | { kind: 'categorical'; name: string; palette: CategoryColours };
}

/** Checks a colouring against `n` points and resolves it to colours. */
export function resolveColouring(colour: ColourBy, n: number, field = 'colour'): ResolvedColouring {
  if (colour.kind === 'continuous') {
    if (!colour.values || colour.values.length !== n) {
      throw new VizInputError(`${field}.values`, `needs one number per point (${n}); got ${colour.values?.length ?? 'none'}`);
    }
    const domain = colour.domain ?? finiteRange(colour.values);
    const span = domain[1] - domain[0] || 1;
    const colours: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) colours[i] = viridis((colour.values[i]! - domain[0]) / span);
    return { colours, legend: { kind: 'continuous', name: colour.name, domain } };
  }
  if (colour.kind === 'categorical') {
    if (!colour.categories || colour.categories.length !== n) {
      throw new VizInputError(`${field}.categories`, `needs one category per point (${n}); got ${colour.categories?.length ?? 'none'}`);
    }
    const palette = categoryColours(colour.categories, colour.order);
    const colours: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) colours[i] = palette.colourOf(String(colour.categories[i]));
    return { colours, legend: { kind: 'categorical', name: colour.name, palette } };
  }
  throw new VizInputError(`${field}.kind`, `must be 'continuous' or 'categorical'; got ${String((colour as { kind?: unknown }).kind)}`);
}
