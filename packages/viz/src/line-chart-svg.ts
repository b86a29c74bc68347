import { CATEGORY_COLOURS } from './colour-map';
import { VizInputError } from './errors';
import { openFigure, titleHeight, type FigureOptions, type PlotLayout } from './figure';
import { formatNumber, niceTicks } from './ticks';
import { escapeXml, fmt } from './xml';
import { truncate } from './scatter-svg';

/** One curve of a line chart. */
export interface LineSeries {
  /** Legend name, e.g. `"train loss"`. */
  name: string;
  /** y values; NaN leaves a gap. */
  values: ArrayLike<number>;
  /** x values, same length as `values`. Default 1, 2, 3, … (epochs). */
  x?: ArrayLike<number>;
  /** Draw dashed (e.g. a baseline or validation curve). Default false. */
  dashed?: boolean;
}

/**
 * Options of {@link lineChartSvg}. Of the {@link FigureOptions}: `xLabel` defaults to
 * `"epoch"`, `yLabel` to none, `width` to 800 and `height` to 420.
 */
export interface LineChartOptions extends FigureOptions {
  /** Logarithmic y axis (all values must be > 0). Default false. */
  logY?: boolean;
  /** Draw a marker on every point. Default: when each series has at most 60 points. */
  markers?: boolean;
}

/** Plot geometry of a line chart, shared by the static SVG and the interactive page. */
export interface LineLayout extends PlotLayout {
  logY: boolean;
}

/** Checks series and returns their x values (default 1..n). */
export function seriesX(series: readonly LineSeries[], field = 'series'): number[][] {
  if (!Array.isArray(series) || series.length === 0) throw new VizInputError(field, 'needs at least one series');
  return series.map((s, k) => {
    if (!s.values || typeof s.values.length !== 'number') throw new VizInputError(`${field}[${k}].values`, 'must be an array of numbers');
    if (s.x && s.x.length !== s.values.length) {
      throw new VizInputError(`${field}[${k}].x`, `has ${s.x.length} values but values has ${s.values.length}: give one x per value`);
    }
    return Array.from({ length: s.values.length }, (_, i) => (s.x ? s.x[i]! : i + 1));
  });
}

/** Computes the chart geometry: plot box and nice-rounded domains. */
export function lineLayout(series: readonly LineSeries[], xs: number[][], box: { left: number; top: number; right: number; bottom: number }, logY: boolean): LineLayout {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  series.forEach((s, k) => {
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i]!;
      const x = xs[k]![i]!;
      if (!Number.isFinite(v) || !Number.isFinite(x)) continue;
      if (logY && v <= 0) throw new VizInputError(`series[${k}].values`, `value ${v} at ${i} cannot go on a log axis: use logY false`);
      const t = logY ? Math.log10(v) : v;
      if (t < y0) y0 = t;
      if (t > y1) y1 = t;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
    }
  });
  if (x0 === Infinity) [x0, x1] = [0, 1];
  if (y0 === Infinity) [y0, y1] = [0, 1];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const pad = (y1 - y0) * 0.06;
  return { ...box, xDomain: [x0, x1], yDomain: [y0 - pad, y1 + pad], logY };
}

/**
 * Training curves (loss, metrics per epoch) as a standalone SVG document: several series with a
 * legend, ticks, grid and axis labels; NaN values leave gaps.
 */
export function lineChartSvg(series: readonly LineSeries[], options: LineChartOptions = {}): string {
  return lineChart(series, options).svg;
}

/** {@link lineChartSvg} with the geometry it used (for interactive overlays). */
export function lineChart(series: readonly LineSeries[], options: LineChartOptions = {}): { svg: string; layout: LineLayout } {
  const xs = seriesX(series);
  const width = options.width ?? 800;
  const height = options.height ?? 420;
  const titleH = titleHeight(options);
  const legendRows = legendRowCount(series, width - 24 - 70);
  const layout = lineLayout(
    series,
    xs,
    { left: 70, top: titleH + legendRows * 18 + 6, right: width - 24, bottom: height - 50 },
    options.logY ?? false,
  );
  const { left, top, right, bottom, logY } = layout;
  const [x0, x1] = layout.xDomain;
  const [y0, y1] = layout.yDomain;
  const px = (x: number): number => left + ((x - x0) / (x1 - x0)) * (right - left);
  const py = (v: number): number => bottom - (((logY ? Math.log10(v) : v) - y0) / (y1 - y0)) * (bottom - top);
  const markers = options.markers ?? series.every((s) => s.values.length <= 60);

  const out: string[] = [];
  openFigure(out, width, height, options, left);
  // legend
  out.push(`<g class="legend" font-size="12" fill="#2b2f3a">`);
  let lx = left;
  let ly = titleH + 4;
  series.forEach((s, k) => {
    const itemWidth = 40 + 6.5 * Math.min(30, s.name.length);
    if (lx > left && lx + itemWidth > right) {
      lx = left;
      ly += 18;
    }
    const colour = CATEGORY_COLOURS[k % CATEGORY_COLOURS.length]!;
    out.push(`<line x1="${fmt(lx)}" y1="${ly}" x2="${fmt(lx + 22)}" y2="${ly}" stroke="${colour}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    out.push(`<text x="${fmt(lx + 28)}" y="${ly + 4}">${escapeXml(truncate(s.name, 30))}</text>`);
    lx += itemWidth;
  });
  out.push(`</g>`);
  // axes
  out.push(`<g class="axes" font-size="11" fill="#5b6170">`);
  // whole-number x (epochs): whole-number ticks only
  const integerX = xs.every((row) => row.every((x) => Number.isInteger(x)));
  const xTicks = niceTicks(x0, x1, 8).filter((t) => !integerX || Number.isInteger(t));
  for (const t of xTicks) {
    const x = fmt(px(t));
    out.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" stroke="#eef0f4"/>`);
    out.push(`<text x="${x}" y="${bottom + 18}" text-anchor="middle">${escapeXml(formatNumber(t))}</text>`);
  }
  const yTicks = logY ? logTicks(y0, y1) : niceTicks(y0, y1, 6);
  for (const t of yTicks) {
    const y = fmt(py(t));
    out.push(`<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="#eef0f4"/>`);
    out.push(`<text x="${left - 8}" y="${fmt(py(t) + 4)}" text-anchor="end">${escapeXml(formatNumber(t))}</text>`);
  }
  out.push(`<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#8a90a0"/>`);
  out.push(`<text x="${fmt((left + right) / 2)}" y="${height - 12}" text-anchor="middle" font-size="13" fill="#2b2f3a">${escapeXml(options.xLabel ?? 'epoch')}</text>`);
  if (options.yLabel) {
    out.push(`<text transform="translate(18 ${fmt((top + bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="13" fill="#2b2f3a">${escapeXml(options.yLabel)}</text>`);
  }
  out.push(`</g>`);
  // curves
  series.forEach((s, k) => {
    const colour = CATEGORY_COLOURS[k % CATEGORY_COLOURS.length]!;
    const segments: string[] = [];
    let current: string[] = [];
    const dots: string[] = [];
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i]!;
      const x = xs[k]![i]!;
      if (!Number.isFinite(v) || !Number.isFinite(x) || (logY && v <= 0)) {
        if (current.length > 0) segments.push(current.join(' '));
        current = [];
        continue;
      }
      const p = `${fmt(px(x))},${fmt(py(v))}`;
      current.push(p);
      if (markers) dots.push(`<circle cx="${fmt(px(x))}" cy="${fmt(py(v))}" r="3"><title>${escapeXml(`${s.name} @ ${formatNumber(x)}: ${formatNumber(v, 5)}`)}</title></circle>`);
    }
    if (current.length > 0) segments.push(current.join(' '));
    out.push(`<g class="series" fill="${colour}" stroke="${colour}">`);
    for (const seg of segments) {
      out.push(`<polyline points="${seg}" fill="none" stroke-width="2.2" stroke-linejoin="round"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    }
    if (dots.length > 0) out.push(`<g stroke="#ffffff" stroke-width="1">${dots.join('')}</g>`);
    out.push(`</g>`);
  });
  out.push(`</svg>`);
  return { svg: out.join('\n'), layout };
}

/** Ticks of a log10 axis whose domain is given in log10 units: the powers of ten (with 2 and 5 when few). */
function logTicks(l0: number, l1: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(l0); e <= Math.ceil(l1); e++) {
    for (const m of l1 - l0 < 2 ? [1, 2, 5] : [1]) {
      const v = m * 10 ** e;
      const l = Math.log10(v);
      if (l >= l0 && l <= l1) out.push(v);
    }
  }
  return out;
}

/** Rows the legend of {@link lineChartSvg} takes when laid out in `span` pixels. */
function legendRowCount(series: readonly LineSeries[], span: number): number {
  let rows = 1;
  let x = 0;
  for (const s of series) {
    const w = 40 + 6.5 * Math.min(30, s.name.length);
    if (x > 0 && x + w > span) {
      rows++;
      x = 0;
    }
    x += w;
  }
  return rows;
}
