import type { ColourBy } from './colour-by';
import type { LineSeries } from './line-chart-svg';
import type { TsneOptions } from './tsne';
import type { Vectors } from './vectors';

/**
 * Everything a report shows, as plain data (the trainer fills it; {@link writeReport} renders it).
 */
export interface ReportSpec {
  /** Page title, e.g. `"twotower — MovieLens 100K"`. */
  title: string;
  /** Line under the title. */
  subtitle?: string;
  /** Facts shown as chips under the title, e.g. `{ model: 'runs/42', data: 'ml-100k' }`. */
  meta?: Record<string, string>;
  /** The sections, in page order. */
  sections: ReportSection[];
}

/** One block of the report. */
export type ReportSection = ScatterSection | LinesSection | TableSection | NeighboursSection | TextSection;

/** Fields every section has. */
export interface SectionBase {
  /** Heading. */
  title: string;
  /** A paragraph under the heading. */
  description?: string;
  /** Anchor and figure file stem (`[a-z0-9-]`). Default: made from the title, unique in the report. */
  id?: string;
}

/**
 * An embedding map: points placed in 2-D (given, or projected from embeddings), coloured by one
 * or more {@link ColourBy} (a selector switches between them; each is also a PNG/SVG figure),
 * with hover labels, zoom and pan, and a search box that highlights an item and its neighbours.
 */
export interface ScatterSection extends SectionBase {
  kind: 'scatter';
  /** `[n, 2]` coordinates to plot as they are. Give this or `embeddings`. */
  points?: Vectors;
  /** `[n, dim]` vectors to project to 2-D (see `projection`). Give this or `points`. */
  embeddings?: { data: Vectors; dim: number };
  /** How `embeddings` become 2-D. Default `'tsne'` (PCA when fewer than 4 points). */
  projection?: 'tsne' | 'pca';
  /** Options of the t-SNE projection (default seed 0: the same input gives the same map). */
  tsne?: TsneOptions;
  /** One label per point (hover, search, neighbour lists). Default `"#<index>"`. */
  labels?: string[];
  /** Colourings; the first is shown first. Default: one plain colour. */
  colourBy?: ColourBy[];
  /**
   * Neighbours of each point for the search box, nearest first: `n` lists of point indices.
   * Default: the `neighbourCount` nearest by euclidean distance in `embeddings` (else in `points`).
   */
  neighbours?: ArrayLike<ArrayLike<number>>;
  /** Neighbours computed and shown per point when `neighbours` is not given. Default 10. */
  neighbourCount?: number;
  /** Axis labels of the static figures. Default `"t-SNE 1"`/`"t-SNE 2"`, `"PC 1"`/`"PC 2"` or `"x"`/`"y"`. */
  xLabel?: string;
  yLabel?: string;
  /** Points whose label is written on the static figures. Default none. */
  labelPoints?: number[];
  /** The line under the figure. Default: what the projection was (`n points × dim dims · t-SNE (...)`), or `n points` for given `points`. */
  caption?: string;
}

/** Training curves: one chart, several series (e.g. train and validation loss per epoch). */
export interface LinesSection extends SectionBase {
  kind: 'lines';
  /** The curves. */
  series: LineSeries[];
  /** Horizontal axis label. Default `"epoch"`. */
  xLabel?: string;
  /** Vertical axis label. Default none. */
  yLabel?: string;
  /** Logarithmic y axis. Default false. */
  logY?: boolean;
}

/** A table, e.g. metrics of the model and its baselines. */
export interface TableSection extends SectionBase {
  kind: 'table';
  /** Column headings. */
  columns: string[];
  /** Cells, one array per row, as many as `columns`; numbers are formatted to `digits`. */
  rows: (string | number | null)[][];
  /** Significant digits of numeric cells. Default 4. */
  digits?: number;
  /** Per column heading: mark the largest (`'max'`) or smallest (`'min'`) number in bold. */
  best?: Record<string, 'max' | 'min'>;
  /** Rows to emphasise (e.g. the model among baselines), by index. */
  emphasise?: number[];
}

/** Nearest neighbours of a few queries (e.g. films similar to Toy Story). */
export interface NeighboursSection extends SectionBase {
  kind: 'neighbours';
  /** One card per query. */
  queries: {
    /** The query, e.g. `"Toy Story (1995)"`. */
    query: string;
    /** A line under it, e.g. its genres. */
    note?: string;
    /** Neighbours, nearest first, with their score when there is one. */
    neighbours: { title: string; score?: number; note?: string }[];
  }[];
}

/** Plain text: paragraphs separated by blank lines; lines starting with "- " become a list. */
export interface TextSection extends SectionBase {
  kind: 'text';
  text: string;
}
