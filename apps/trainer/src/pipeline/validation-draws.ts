import { meanAndSe } from '@twotower/training';

/** One sweep variant on one validation draw: its overrides with the draw's split. */
export interface DrawVariant {
  /** The variant's name in the variants file. */
  variant: string;
  /** The draw's `split.validationSeed`; undefined when the sweep runs without draws. */
  draw?: number;
  /** Config overrides (the variant's, with the draw's split merged in). */
  overrides: Record<string, unknown>;
}

/** The split `--proxy` draws from: a quarter of the training rows of a fifth of the users held out, every other user fitting on all its rows. */
export const PROXY_SPLIT = { validationFraction: 0.25, validationUsers: 0.2 } as const;

/**
 * Every variant once per draw, named `variant@draw`. The draw's `validationSeed` (and, with
 * `proxy`, {@link PROXY_SPLIT}) is merged over the variant's own `split`, so a variant may still
 * change the split's other fields.
 */
export function expandDraws(variants: Record<string, Record<string, unknown>>, draws: readonly number[], proxy: boolean): Record<string, DrawVariant> {
  if (draws.length === 0) throw new Error('expandDraws: give at least one draw (a validation seed)');
  const out: Record<string, DrawVariant> = {};
  for (const [variant, overrides] of Object.entries(variants)) {
    const own = (overrides.split ?? {}) as Record<string, unknown>;
    for (const draw of draws) {
      out[`${variant}@${draw}`] = { variant, draw, overrides: { ...overrides, split: { ...(proxy ? PROXY_SPLIT : {}), ...own, validationSeed: draw } } };
    }
  }
  return out;
}

/** A variant's per-user figures on one draw, the towers' (with the lean) and EASE's on the same rows. */
export interface DrawFigures {
  variant: string;
  draw: number;
  towers: { recall: number; ndcg: number };
  ease: { recall: number; ndcg: number };
}

/** Towers − EASE of one variant over its draws: each draw's difference, and their mean ± standard error. */
export interface DrawSummary {
  variant: string;
  draws: number[];
  'recall@10': { perDraw: number[]; mean: number; se: number };
  'ndcg@10': { perDraw: number[]; mean: number; se: number };
}

/** Towers − EASE per user (recall@10, nDCG@10) of each variant, over the draws it ran on, in the order the variants first appear. */
export function drawSummary(figures: readonly DrawFigures[]): DrawSummary[] {
  const byVariant = new Map<string, DrawFigures[]>();
  for (const f of figures) byVariant.set(f.variant, [...(byVariant.get(f.variant) ?? []), f]);
  const round = (x: number) => Number(x.toFixed(4));
  return [...byVariant].map(([variant, fs]) => {
    const figure = (k: 'recall' | 'ndcg') => {
      const perDraw = fs.map((f) => f.towers[k] - f.ease[k]);
      const { mean, se } = meanAndSe(perDraw);
      return { perDraw: perDraw.map(round), mean: round(mean), se: round(se) };
    };
    return { variant, draws: fs.map((f) => f.draw), 'recall@10': figure('recall'), 'ndcg@10': figure('ndcg') };
  });
}
