import type { ProgressCallback } from '@twotower/utils';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { resolveColouring } from './colour-by';
import { VizInputError } from './errors';
import { exactKnn } from './knn';
import { lineChart, seriesX } from './line-chart-svg';
import { pca } from './pca';
import { svgToPng } from './png';
import { reportHtml, type PreparedScatter, type PreparedSection } from './report-html';
import type { LinesSection, ReportSection, ReportSpec, ScatterSection } from './report-spec';
import { scatterSvg } from './scatter-svg';
import { SlugSet, slugify } from './slug';
import { formatNumber } from './ticks';
import { tsne } from './tsne';
import { countRows } from './vectors';

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** Write a PNG beside every SVG figure. Default true. */
  png?: boolean;
  /** Pixel density of the PNGs (2: an 800-pixel figure becomes 1600 pixels wide). Default 2. */
  pngScale?: number;
  /** Size of the static scatter figures. Default 800 × 600. */
  figureWidth?: number;
  figureHeight?: number;
  /** Folder for the figure files, relative to the report directory. Default `"figures"`. */
  figuresDir?: string;
  /** Told what is being done (projections can take seconds). Default: silent. */
  onProgress?: (message: string) => void;
  /**
   * Progress of each long step, by label (`t-SNE of <map title>`): return a callback told
   * `(done, total)` units of work, e.g. a progress bar's. Default: none.
   */
  taskProgress?: (label: string) => ProgressCallback;
}

/**
 * Writes a report: `index.html` (one self-contained page, inline SVG/JS/CSS, no network
 * references) and, for every figure, an SVG and a PNG under `figures/`.
 *
 * Scatter sections given `embeddings` are projected to 2-D here (t-SNE by default, seeded, so the
 * same embeddings give the same map); their search-box neighbours are computed from the
 * embeddings unless given.
 *
 * @param dir the report directory (created when missing; files in it are overwritten).
 * @returns absolute paths of the files written, `index.html` first.
 */
export async function writeReport(dir: string, spec: ReportSpec, options: WriteReportOptions = {}): Promise<string[]> {
  if (!spec || typeof spec.title !== 'string' || spec.title.trim() === '') {
    throw new VizInputError('title', 'the report needs a non-empty title');
  }
  if (!Array.isArray(spec.sections)) throw new VizInputError('sections', 'must be an array of sections');
  const root = path.resolve(dir);
  const figuresDir = options.figuresDir ?? 'figures';
  await mkdir(path.join(root, figuresDir), { recursive: true });
  const written: string[] = [];
  const slugs = new SlugSet();
  const png = options.png ?? true;
  const say = options.onProgress ?? (() => undefined);

  const writeFigure = async (stem: string, svg: string): Promise<{ svg: string; png?: string }> => {
    const rel = { svg: `${figuresDir}/${stem}.svg`, png: png ? `${figuresDir}/${stem}.png` : undefined };
    await writeFile(path.join(root, rel.svg), svg);
    written.push(path.join(root, rel.svg));
    if (rel.png) {
      await writeFile(path.join(root, rel.png), svgToPng(svg, { scale: options.pngScale ?? 2 }));
      written.push(path.join(root, rel.png));
    }
    return rel.png ? { svg: rel.svg, png: rel.png } : { svg: rel.svg };
  };

  const prepared: PreparedSection[] = [];
  for (let s = 0; s < spec.sections.length; s++) {
    const section = spec.sections[s] as ReportSection;
    const field = `sections[${s}]`;
    if (!section || typeof section.title !== 'string') throw new VizInputError(`${field}.title`, 'every section needs a title');
    const id = slugs.take(section.id ? slugify(section.id) : slugify(section.title, `section-${s + 1}`));
    switch (section.kind) {
      case 'scatter': {
        say(`report: ${section.title}`);
        prepared.push(await prepareScatter(section, id, field, options, writeFigure));
        break;
      }
      case 'lines': {
        prepared.push(await prepareLines(section, id, field, writeFigure));
        break;
      }
      case 'table': {
        if (!Array.isArray(section.columns) || !Array.isArray(section.rows)) {
          throw new VizInputError(`${field}`, 'a table needs `columns` (headings) and `rows` (arrays of cells)');
        }
        section.rows.forEach((r, i) => {
          if (!Array.isArray(r) || r.length !== section.columns.length) {
            throw new VizInputError(`${field}.rows[${i}]`, `needs ${section.columns.length} cells (one per column); got ${Array.isArray(r) ? r.length : typeof r}`);
          }
        });
        prepared.push({ ...section, id });
        break;
      }
      case 'neighbours': {
        if (!Array.isArray(section.queries)) throw new VizInputError(`${field}.queries`, 'must be an array of { query, neighbours }');
        prepared.push({ ...section, id });
        break;
      }
      case 'text': {
        if (typeof section.text !== 'string') throw new VizInputError(`${field}.text`, 'must be a string');
        prepared.push({ ...section, id });
        break;
      }
      default:
        throw new VizInputError(
          `${field}.kind`,
          `unknown section kind ${JSON.stringify((section as { kind?: unknown }).kind)}: use scatter, lines, table, neighbours or text`,
        );
    }
  }
  const html = reportHtml(spec, prepared);
  const index = path.join(root, 'index.html');
  await writeFile(index, html);
  return [index, ...written];
}

async function prepareScatter(
  s: ScatterSection,
  id: string,
  field: string,
  options: WriteReportOptions,
  writeFigure: (stem: string, svg: string) => Promise<{ svg: string; png?: string }>,
): Promise<PreparedScatter> {
  let points: Float32Array;
  let caption: string;
  let axis: [string, string] = ['x', 'y'];
  if (s.points) {
    const n = countRows(s.points, 2, `${field}.points`);
    points = Float32Array.from(s.points.subarray(0, 2 * n));
    caption = `${n} points`;
  } else if (s.embeddings) {
    const { data, dim } = s.embeddings;
    const n = countRows(data, dim, `${field}.embeddings.data`);
    const method = s.projection ?? 'tsne';
    if (method === 'tsne' && n >= 4) {
      const say = options.onProgress;
      const onWorkProgress = options.taskProgress?.(`t-SNE of ${s.title}`);
      const r = tsne(data, dim, {
        seed: 0,
        ...s.tsne,
        ...(onWorkProgress ? { onWorkProgress } : {}),
        ...(say
          ? {
              onProgress: (p) => {
                s.tsne?.onProgress?.(p);
                if (p.iteration % 250 === 0 || p.iteration === p.iterations) {
                  say(`report: ${s.title}: t-SNE ${p.iteration}/${p.iterations}, KL ${formatNumber(p.kl, 4)}`);
                }
              },
            }
          : {}),
      });
      points = r.embedding;
      caption = `${n} points × ${dim} dims · t-SNE (${r.method}, perplexity ${formatNumber(r.perplexity, 3)}, ${r.iterations} iterations, KL ${formatNumber(r.kl, 3)})`;
      axis = ['t-SNE 1', 't-SNE 2'];
    } else if (n >= 2 && dim >= 2) {
      const r = pca(data, dim, { components: 2 });
      points = r.projection;
      const ev = r.explainedVarianceRatio;
      caption = `${n} points × ${dim} dims · PCA (${formatNumber(100 * (ev[0]! + ev[1]!), 3)}% of the variance)`;
      axis = ['PC 1', 'PC 2'];
    } else {
      points = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        points[2 * i] = data[i * dim]!;
        points[2 * i + 1] = dim > 1 ? data[i * dim + 1]! : 0;
      }
      caption = `${n} points (too few to project)`;
    }
  } else {
    throw new VizInputError(field, 'a scatter section needs `points` ([n, 2]) or `embeddings` ({ data, dim })');
  }
  if (s.caption !== undefined) caption = s.caption;
  const n = points.length / 2;
  const labels = s.labels ? Array.from(s.labels, String) : Array.from({ length: n }, (_, i) => `#${i}`);
  if (labels.length !== n) throw new VizInputError(`${field}.labels`, `needs one label per point (${n}); got ${labels.length}`);

  // neighbours for the search box
  let k: number;
  let neighbours: Int32Array;
  let neighbourSource: string;
  if (s.neighbours) {
    if (s.neighbours.length !== n) throw new VizInputError(`${field}.neighbours`, `needs one list per point (${n}); got ${s.neighbours.length}`);
    k = 0;
    for (let i = 0; i < n; i++) k = Math.max(k, s.neighbours[i]!.length);
    neighbours = new Int32Array(n * k).fill(-1);
    for (let i = 0; i < n; i++) {
      const list = s.neighbours[i]!;
      for (let t = 0; t < list.length; t++) {
        const j = list[t]!;
        if (!Number.isInteger(j) || j < 0 || j >= n) {
          throw new VizInputError(`${field}.neighbours[${i}][${t}]`, `${j} is not a point index (0 … ${n - 1})`);
        }
        neighbours[i * k + t] = j;
      }
    }
    // lists shorter than k: pad with the point's own last neighbour so the page shows no holes
    for (let i = 0; i < n; i++) {
      const len = s.neighbours[i]!.length;
      for (let t = len; t < k; t++) neighbours[i * k + t] = len > 0 ? neighbours[i * k + len - 1]! : i;
    }
    neighbourSource = 'given';
  } else {
    k = Math.min(s.neighbourCount ?? 10, n - 1);
    if (k >= 1) {
      const src = s.embeddings ?? { data: points, dim: 2 };
      neighbours = exactKnn(src.data, src.dim, k).indices;
      neighbourSource = s.embeddings ? `euclidean, in the ${src.dim}-d embedding` : 'euclidean, on the map';
    } else {
      k = 0;
      neighbours = new Int32Array(0);
      neighbourSource = 'none';
    }
  }

  const colourBy = s.colourBy ?? [];
  const colourings: PreparedScatter['colourings'] = [];
  const stems = new SlugSet();
  const figure = async (title: string, colour: (typeof colourBy)[number] | undefined, stem: string): Promise<{ svg: string; png?: string }> => {
    const svg = scatterSvg(points, {
      title: s.title,
      subtitle: title,
      xLabel: s.xLabel ?? axis[0],
      yLabel: s.yLabel ?? axis[1],
      width: options.figureWidth ?? 800,
      height: options.figureHeight ?? 600,
      ...(colour ? { colour } : {}),
      labels,
      ...(s.labelPoints ? { labelPoints: s.labelPoints } : {}),
    });
    return writeFigure(stem, svg);
  };
  for (let c = 0; c < colourBy.length; c++) {
    const colour = colourBy[c]!;
    const resolved = resolveColouring(colour, n, `${field}.colourBy[${c}]`);
    const files = await figure(`coloured by ${colour.name}`, colour, stems.take(`${id}--${slugify(colour.name, `colour-${c + 1}`)}`));
    colourings.push({
      resolved,
      files,
      ...(colour.kind === 'continuous' ? { values: colour.values } : { categories: colour.categories }),
    });
  }
  if (colourBy.length === 0) {
    const plain = { kind: 'categorical' as const, name: 'all points', categories: new Array<string>(n).fill('point') };
    const files = await figure(caption, undefined, id);
    colourings.push({ resolved: resolveColouring(plain, n), files, categories: plain.categories });
  }
  return { kind: 'scatter', id, title: s.title, ...(s.description ? { description: s.description } : {}), points, labels, colourings, neighbours, k, neighbourSource, caption };
}

async function prepareLines(
  s: LinesSection,
  id: string,
  field: string,
  writeFigure: (stem: string, svg: string) => Promise<{ svg: string; png?: string }>,
): Promise<PreparedSection> {
  const xs = seriesX(s.series, `${field}.series`);
  const opts = { title: s.title, xLabel: s.xLabel ?? 'epoch', ...(s.yLabel ? { yLabel: s.yLabel } : {}), logY: s.logY ?? false };
  const files = await writeFigure(id, lineChart(s.series, opts).svg);
  // on the page the section heading is the title: the inline chart goes without
  const { svg, layout } = lineChart(s.series, { ...opts, title: undefined });
  return { kind: 'lines', id, title: s.title, ...(s.description ? { description: s.description } : {}), svg, layout, series: s.series, xs, xLabel: opts.xLabel, files };
}

