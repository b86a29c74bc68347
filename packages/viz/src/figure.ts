import { escapeXml, FONT_FAMILY } from './xml';

/**
 * Text and size of a figure, taken by {@link ScatterPlotOptions} and {@link LineChartOptions};
 * each of them documents its own defaults for the axis labels and the size.
 */
export interface FigureOptions {
  /** Title above the figure. Default none. */
  title?: string;
  /** Smaller line under the title (shown only with a title). Default none. */
  subtitle?: string;
  /** Label of the horizontal axis. */
  xLabel?: string;
  /** Label of the vertical axis. */
  yLabel?: string;
  /** Width of the whole figure in pixels. */
  width?: number;
  /** Height of the whole figure in pixels. */
  height?: number;
}

/** Where the data went on the page: the plot area in figure pixels and the data domain shown. */
export interface PlotLayout {
  left: number;
  top: number;
  right: number;
  bottom: number;
  xDomain: [number, number];
  yDomain: [number, number];
}

/** Height of the title block: 64 with a title and subtitle, 46 with a title, 16 without. */
export function titleHeight(options: FigureOptions): number {
  return options.title ? (options.subtitle ? 64 : 46) : 16;
}

/** Starts a figure's SVG document in `out`: the root element, a white background, the title and subtitle at `left`. */
export function openFigure(out: string[], width: number, height: number, options: FigureOptions, left: number): void {
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT_FAMILY)}">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (options.title) out.push(`<text x="${left}" y="28" font-size="18" font-weight="600" fill="#1a1a2e">${escapeXml(options.title)}</text>`);
  if (options.title && options.subtitle) out.push(`<text x="${left}" y="48" font-size="12" fill="#5b6170">${escapeXml(options.subtitle)}</text>`);
}
