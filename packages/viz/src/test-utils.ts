/**
 * Test helpers (not shipped): a strict-enough XML well-formedness check for the SVG we write
 * (every tag closed in order, attributes quoted, no stray `<` or `&`).
 */
export function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const re = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|<\?xml[^>]*\?>|<!\[CDATA\[[\s\S]*?\]\]>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  const checkText = (text: string, at: number): void => {
    if (/</.test(text)) throw new Error(`stray '<' in text at ${at}: ${text.slice(0, 60)}`);
    const amp = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(text);
    if (amp) throw new Error(`unescaped '&' at ${at + amp.index}: ${text.slice(amp.index, amp.index + 20)}`);
  };
  while ((m = re.exec(xml)) !== null) {
    checkText(xml.slice(last, m.index), last);
    last = re.lastIndex;
    if (!m[2]) continue; // comment, declaration, CDATA
    const [, closing, name, attrs, selfClosing] = m;
    if (attrs) checkText(attrs.replace(/="[^"]*"/g, '=""'), m.index);
    if (attrs) for (const a of attrs.matchAll(/="([^"]*)"/g)) checkText(a[1]!, m.index);
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open ?? 'nothing'}> at ${m.index}`);
    } else if (!selfClosing) {
      stack.push(name!);
    }
  }
  checkText(xml.slice(last), last);
  if (stack.length > 0) throw new Error(`unclosed elements: ${stack.join(' > ')}`);
}

/** Occurrences of `needle` in `haystack`. */
export function countOf(haystack: string, needle: string | RegExp): number {
  if (typeof needle === 'string') return haystack.split(needle).length - 1;
  return [...haystack.matchAll(new RegExp(needle.source, needle.flags.includes('g') ? needle.flags : `${needle.flags}g`))].length;
}

import type { ReportSpec } from './report-spec';
import { clusteredPoints } from './synthetic';

/** A small report with every kind of section (for writeReport and browser tests). */
export function smallReportSpec(): ReportSpec {
  const genres = ['Drama', 'Comedy', 'Action', 'Horror'];
  const items = clusteredPoints({ n: 120, dim: 8, clusters: 4, seed: 1, centreSpread: 4 });
  const titles = Array.from({ length: 120 }, (_, i) => `Film ${i} (${1960 + (i % 40)})`);
  titles[0] = 'Toy Story (1995)';
  titles[1] = 'Star Wars (1977)';
  const days = 60;
  const dayPoints = new Float32Array(2 * days);
  for (let d = 0; d < days; d++) {
    dayPoints[2 * d] = Math.cos(d / 12) * (1 + d / 30);
    dayPoints[2 * d + 1] = Math.sin(d / 12) * (1 + d / 30);
  }
  const users = clusteredPoints({ n: 80, dim: 8, clusters: 3, seed: 2 });
  return {
    title: 'Test report <&>',
    subtitle: 'small synthetic model',
    meta: { model: 'test', epochs: '3' },
    sections: [
      { kind: 'text', title: 'About', text: 'First paragraph.\n\n- one\n- two' },
      {
        kind: 'table',
        title: 'Metrics',
        columns: ['model', 'top-10', 'top-100'],
        rows: [
          ['two-tower', 0.12345, 0.6],
          ['popularity', 0.09, 0.41],
          ['EASE', 0.175, null],
        ],
        best: { 'top-10': 'max', 'top-100': 'max' },
        emphasise: [0],
      },
      {
        kind: 'lines',
        title: 'Training curves',
        yLabel: 'loss',
        series: [
          { name: 'train loss', values: [5, 4, 3.5] },
          { name: 'validation loss', values: [5.2, 4.4, 4.1], dashed: true },
        ],
      },
      {
        kind: 'scatter',
        title: 'Day embeddings',
        points: dayPoints,
        labels: Array.from({ length: days }, (_, d) => `day ${d}`),
        colourBy: [{ kind: 'continuous', name: 'day index', values: Array.from({ length: days }, (_, d) => d) }],
      },
      {
        kind: 'scatter',
        title: 'Item embeddings',
        embeddings: { data: items.data, dim: 8 },
        tsne: { iterations: 300 },
        labels: titles,
        colourBy: [{ kind: 'categorical', name: 'genre', categories: Array.from(items.labels, (c) => genres[c]!) }],
        labelPoints: [0, 1],
        neighbourCount: 5,
      },
      {
        kind: 'scatter',
        title: 'User embeddings',
        embeddings: { data: users.data, dim: 8 },
        projection: 'pca',
        labels: Array.from({ length: 80 }, (_, i) => `user ${i + 1}`),
        colourBy: [
          { kind: 'categorical', name: 'age group', categories: Array.from({ length: 80 }, (_, i) => ['18-24', '25-34', '35-44'][i % 3]!) },
          { kind: 'categorical', name: 'occupation', categories: Array.from({ length: 80 }, (_, i) => ['student', 'engineer'][i % 2]!) },
        ],
      },
      {
        kind: 'neighbours',
        title: 'Similar films',
        queries: [{ query: 'Toy Story (1995)', neighbours: [{ title: 'Aladdin (1992)', score: 0.9 }, { title: 'Lion King (1994)', score: 0.8 }] }],
      },
    ],
  };
}
