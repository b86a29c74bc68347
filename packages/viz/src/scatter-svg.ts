import { mulberry32, shuffleInPlace } from '@twotower/utils';
import { resolveColouring, type ColourBy, type ResolvedColouring } from './colour-by';
import { OTHER_COLOUR, VIRIDIS_STOPS } from './colour-map';
import { VizInputError } from './errors';
import { openFigure, titleHeight, type FigureOptions, type PlotLayout } from './figure';
import { formatNumber, niceTicks } from './ticks';
import { countRows, type Vectors } from './vectors';
import { escapeXml, fmt } from './xml';

/**
 * Options of {@link scatterSvg}. Of the {@link FigureOptions}: `xLabel` defaults to `"x"`,
 * `yLabel` to `"y"`, `width` to 800 and `height` to 600.
 */
export interface ScatterPlotOptions extends FigureOptions {
  /** Colouring. Default: every point the first palette colour, no legend. */
  colour?: ColourBy;
  /** One label per point, used by `labelPoints`. */
  labels?: ArrayLike<string>;
  /** Indices of points to write their label next to. Default none. */
  labelPoints?: readonly number[];
  /** Point radius in pixels. Default: 4 up to 500 points, 3 up to 2,000, 2 up to 10,000, else 1.4. */
  pointRadius?: number;
  /** Point opacity. Default: 0.9 up to 2,000 points, else 0.7. */
  opacity?: number;
  /** Same scale on both axes (right for t-SNE and PCA maps). Default true. */
  equalAspect?: boolean;
}

/** Where the data went on the page: lets callers (and the HTML report) map data ↔ pixels. */
export type ScatterLayout = PlotLayout;

/** Plot-area geometry shared by the static SVG and the interactive page. */
export function scatterLayout(
  points: Vectors,
  n: number,
  box: { left: number; top: number; right: number; bottom: number },
  equalAspect: boolean,
): ScatterLayout {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = points[2 * i]!;
    const y = points[2 * i + 1]!;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  if (n === 0) [x0, x1, y0, y1] = [0, 1, 0, 1];
  let dx = x1 - x0 || 1;
  let dy = y1 - y0 || 1;
  const pad = 0.04;
  x0 -= dx * pad;
  x1 += dx * pad;
  y0 -= dy * pad;
  y1 += dy * pad;
  dx = x1 - x0;
  dy = y1 - y0;
  const w = box.right - box.left;
  const h = box.bottom - box.top;
  if (equalAspect) {
    // widen the tighter axis so one data unit is as long on both
    if (dx / w > dy / h) {
      const grow = (dx / w) * h - dy;
      y0 -= grow / 2;
      y1 += grow / 2;
    } else {
      const grow = (dy / h) * w - dx;
      x0 -= grow / 2;
      x1 += grow / 2;
    }
  }
  return { ...box, xDomain: [x0, x1], yDomain: [y0, y1] };
}

/** Default radius and opacity for `n` points. */
export function pointStyle(n: number): { radius: number; opacity: number } {
  return {
    radius: n <= 500 ? 4 : n <= 2000 ? 3 : n <= 10000 ? 2 : 1.4,
    opacity: n <= 2000 ? 0.9 : 0.7,
  };
}

/** A deterministic shuffle of 0..n−1: draw order that lets no colour hide another systematically. */
export function drawOrder(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return shuffleInPlace(order, mulberry32(12345));
}

/**
 * A scatter plot as a standalone SVG document: title, axes with ticks and labels, points coloured
 * continuously (viridis, colour bar) or by category (legend), optional point labels.
 *
 * @param points `[n, 2]` row-major coordinates.
 */
export function scatterSvg(points: Vectors, options: ScatterPlotOptions = {}): string {
  const n = countRows(points, 2, 'points');
  const width = options.width ?? 800;
  const height = options.height ?? 600;
  if (!(width >= 200 && height >= 150)) {
    throw new VizInputError('width', `figure must be at least 200 × 150 pixels; got ${width} × ${height}`);
  }
  if (options.labels && options.labels.length !== n) {
    throw new VizInputError('labels', `needs one label per point (${n}); got ${options.labels.length}`);
  }
  const colouring: ResolvedColouring | null = options.colour ? resolveColouring(options.colour, n) : null;
  const legendWidth = !colouring ? 0 : colouring.legend.kind === 'continuous' ? 96 : 210;
  const titleH = titleHeight(options);
  const layout = scatterLayout(
    points,
    n,
    { left: 64, top: titleH, right: width - 20 - legendWidth, bottom: height - 52 },
    options.equalAspect ?? true,
  );
  const { left, top, right, bottom } = layout;
  const [x0, x1] = layout.xDomain;
  const [y0, y1] = layout.yDomain;
  const px = (x: number): number => left + ((x - x0) / (x1 - x0)) * (right - left);
  const py = (y: number): number => bottom - ((y - y0) / (y1 - y0)) * (bottom - top);
  const style = pointStyle(n);
  const r = options.pointRadius ?? style.radius;
  const opacity = options.opacity ?? style.opacity;

  const out: string[] = [];
  openFigure(out, width, height, options, left);
  // grid, ticks, frame
  out.push(`<g class="axes" font-size="11" fill="#5b6170">`);
  for (const t of niceTicks(x0, x1, 6)) {
    const x = fmt(px(t));
    out.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" stroke="#eef0f4"/>`);
    out.push(`<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 5}" stroke="#8a90a0"/>`);
    out.push(`<text x="${x}" y="${bottom + 18}" text-anchor="middle">${escapeXml(formatNumber(t))}</text>`);
  }
  for (const t of niceTicks(y0, y1, 6)) {
    const y = fmt(py(t));
    out.push(`<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="#eef0f4"/>`);
    out.push(`<line x1="${left - 5}" y1="${y}" x2="${left}" y2="${y}" stroke="#8a90a0"/>`);
    out.push(`<text x="${left - 8}" y="${fmt(py(t) + 4)}" text-anchor="end">${escapeXml(formatNumber(t))}</text>`);
  }
  out.push(`<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#8a90a0"/>`);
  out.push(
    `<text x="${fmt((left + right) / 2)}" y="${height - 14}" text-anchor="middle" font-size="13" fill="#2b2f3a">${escapeXml(options.xLabel ?? 'x')}</text>`,
  );
  out.push(
    `<text transform="translate(18 ${fmt((top + bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="13" fill="#2b2f3a">${escapeXml(options.yLabel ?? 'y')}</text>`,
  );
  out.push(`</g>`);
  // points
  out.push(`<g class="points" fill-opacity="${opacity}" stroke="#ffffff" stroke-width="${r >= 3 ? 0.5 : 0.25}" stroke-opacity="0.8">`);
  const order = drawOrder(n);
  for (let t = 0; t < n; t++) {
    const i = order[t]!;
    const fill = colouring ? colouring.colours[i]! : '#4e79a7';
    out.push(`<circle cx="${fmt(px(points[2 * i]!))}" cy="${fmt(py(points[2 * i + 1]!))}" r="${r}" fill="${fill}"/>`);
  }
  out.push(`</g>`);
  // point labels
  if (options.labelPoints && options.labelPoints.length > 0) {
    if (!options.labels) throw new VizInputError('labelPoints', 'needs `labels` to know what to write');
    out.push(`<g class="point-labels" font-size="11" fill="#1a1a2e" stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round">`);
    // greedy placement: the first of eight spots around the point whose box overlaps no label yet
    const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
    for (const i of options.labelPoints) {
      if (!Number.isInteger(i) || i < 0 || i >= n) continue; // reported below
      const x = px(points[2 * i]!);
      const y = py(points[2 * i + 1]!);
      placed.push({ x0: x - r - 3, x1: x + r + 3, y0: y - r - 3, y1: y + r + 3 }); // labels keep off the rings
    }
    for (const i of options.labelPoints) {
      if (!Number.isInteger(i) || i < 0 || i >= n) {
        throw new VizInputError('labelPoints', `index ${i} is not a point (0 … ${n - 1})`);
      }
      const x = px(points[2 * i]!);
      const y = py(points[2 * i + 1]!);
      const text = truncate(String(options.labels[i]), 40);
      const w = 6.3 * text.length;
      const g = r + 4;
      const spots: [number, number, 'start' | 'end'][] = [
        [x + g, y + 4, 'start'],
        [x - g, y + 4, 'end'],
        [x + g - 2, y - g, 'start'],
        [x + g - 2, y + g + 8, 'start'],
        [x - g + 2, y - g, 'end'],
        [x - g + 2, y + g + 8, 'end'],
        [x + g, y - 2 * g - 4, 'start'],
        [x + g, y + 2 * g + 12, 'start'],
      ];
      const boxOf = ([tx, ty, anchor]: [number, number, 'start' | 'end']) => ({
        x0: anchor === 'start' ? tx : tx - w,
        x1: anchor === 'start' ? tx + w : tx,
        y0: ty - 10,
        y1: ty + 3,
      });
      const free = spots.find((sp) => {
        const b = boxOf(sp);
        return b.x0 >= left && b.x1 <= right && placed.every((o) => b.x1 < o.x0 || b.x0 > o.x1 || b.y1 < o.y0 || b.y0 > o.y1);
      });
      const spot = free ?? spots[0]!;
      placed.push(boxOf(spot));
      out.push(`<circle cx="${fmt(x)}" cy="${fmt(y)}" r="${r + 2}" fill="none" stroke="#1a1a2e" stroke-width="1.2"/>`);
      out.push(`<text x="${fmt(spot[0])}" y="${fmt(spot[1])}"${spot[2] === 'end' ? ' text-anchor="end"' : ''}>${escapeXml(text)}</text>`);
    }
    out.push(`</g>`);
  }
  if (colouring) out.push(legendSvg(colouring, right + 24, top, bottom));
  out.push(`</svg>`);
  return out.join('\n');
}

function legendSvg(c: ResolvedColouring, x: number, top: number, bottom: number): string {
  const out: string[] = [`<g class="legend" font-size="11" fill="#2b2f3a">`];
  out.push(`<text x="${x}" y="${top + 4}" font-size="12" font-weight="600">${escapeXml(truncate(c.legend.name, 26))}</text>`);
  if (c.legend.kind === 'continuous') {
    const [lo, hi] = c.legend.domain;
    const barTop = top + 16;
    const barBottom = Math.min(bottom, barTop + 320);
    const stops = VIRIDIS_STOPS.map(
      (col, i) => `<stop offset="${fmt((i / (VIRIDIS_STOPS.length - 1)) * 100)}%" stop-color="${col}"/>`,
    ).join('');
    out.push(`<defs><linearGradient id="colour-bar" x1="0" y1="1" x2="0" y2="0">${stops}</linearGradient></defs>`);
    out.push(`<rect x="${x}" y="${barTop}" width="16" height="${barBottom - barTop}" fill="url(#colour-bar)" stroke="#8a90a0" stroke-width="0.5"/>`);
    for (const t of niceTicks(lo, hi, 5)) {
      const y = barBottom - ((t - lo) / (hi - lo)) * (barBottom - barTop);
      out.push(`<line x1="${x + 16}" y1="${fmt(y)}" x2="${x + 20}" y2="${fmt(y)}" stroke="#8a90a0"/>`);
      out.push(`<text x="${x + 23}" y="${fmt(y + 4)}">${escapeXml(formatNumber(t))}</text>`);
    }
  } else {
    const p = c.legend.palette;
    const rows: { label: string; colour: string; count: number }[] = p.categories.map((cat, i) => ({
      label: cat,
      colour: p.colours[i]!,
      count: p.counts[i]!,
    }));
    if (p.other.count > 0) rows.push({ label: `other (${p.other.categories.length})`, colour: OTHER_COLOUR, count: p.other.count });
    const rowH = Math.max(12, Math.min(18, (bottom - top - 16) / Math.max(1, rows.length)));
    rows.forEach((row, k) => {
      const y = top + 20 + k * rowH;
      out.push(`<circle cx="${x + 5}" cy="${fmt(y - 4)}" r="5" fill="${row.colour}"/>`);
      out.push(`<text x="${x + 16}" y="${fmt(y)}">${escapeXml(truncate(row.label, 22))} <tspan fill="#8a90a0">${row.count}</tspan></text>`);
    });
  }
  out.push(`</g>`);
  return out.join('\n');
}

/** Shortens `s` to at most `max` characters with an ellipsis. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
