import { Resvg } from '@resvg/resvg-js';
import { scatterSvg } from './scatter-svg';
import { lineChartSvg } from './line-chart-svg';
import { assertWellFormedXml, countOf } from './test-utils';

const points = Float32Array.from({ length: 2 * 37 }, (_, i) => Math.sin(i * 1.7) * 10);

describe('scatterSvg', () => {
  it('is well-formed SVG with one circle per point, title and axis labels', () => {
    const svg = scatterSvg(points, { title: 'Items & <friends>', xLabel: 't-SNE 1', yLabel: 't-SNE 2' });
    assertWellFormedXml(svg);
    expect(() => new Resvg(svg)).not.toThrow(); // a strict XML parser accepts it
    expect(countOf(svg, /<g class="points"[^>]*>/)).toBe(1);
    const pointsGroup = svg.slice(svg.indexOf('<g class="points"'), svg.indexOf('</g>', svg.indexOf('<g class="points"')));
    expect(countOf(pointsGroup, '<circle')).toBe(37);
    expect(svg).toContain('Items &amp; &lt;friends&gt;');
    expect(svg).toContain('>t-SNE 1<');
    expect(svg).toContain('>t-SNE 2<');
  });

  it('draws a legend for categories and a colour bar for values', () => {
    const cats = Array.from({ length: 37 }, (_, i) => ['Drama', 'Comedy', 'Action'][i % 3]!);
    const svg = scatterSvg(points, { colour: { kind: 'categorical', name: 'genre', categories: cats } });
    assertWellFormedXml(svg);
    const legend = svg.slice(svg.indexOf('<g class="legend"'));
    expect(countOf(legend, '<circle')).toBe(3);
    expect(legend).toContain('Drama');
    const bar = scatterSvg(points, { colour: { kind: 'continuous', name: 'day', values: Array.from({ length: 37 }, (_, i) => i) } });
    assertWellFormedXml(bar);
    expect(bar).toContain('linearGradient');
    expect(bar).toContain('#440154');
  });

  it('labels chosen points', () => {
    const labels = Array.from({ length: 37 }, (_, i) => `film ${i}`);
    const svg = scatterSvg(points, { labels, labelPoints: [3, 5] });
    assertWellFormedXml(svg);
    expect(svg).toContain('>film 3<');
    expect(svg).toContain('>film 5<');
    expect(svg).not.toContain('>film 4<');
  });

  it('rejects mismatched colourings and labels, naming the field', () => {
    expect(() => scatterSvg(points, { colour: { kind: 'continuous', name: 'x', values: [1, 2] } })).toThrow(/colour.values: needs one number per point \(37\); got 2/);
    expect(() => scatterSvg(points, { labels: ['a'] })).toThrow(/labels: needs one label per point/);
    expect(() => scatterSvg(points, { labels: points.length ? Array(37).fill('a') : [], labelPoints: [99] })).toThrow(/labelPoints: index 99/);
  });
});

describe('lineChartSvg', () => {
  it('draws one polyline per unbroken run and one marker per value', () => {
    const svg = lineChartSvg(
      [
        { name: 'loss', values: [3, 2, NaN, 1.5, 1.2] },
        { name: 'val', values: [3.2, 2.5, 2, 1.9, 1.8], dashed: true },
      ],
      { title: 'Loss', yLabel: 'loss' },
    );
    assertWellFormedXml(svg);
    expect(() => new Resvg(svg)).not.toThrow();
    expect(countOf(svg, '<polyline')).toBe(3); // loss breaks at NaN
    expect(countOf(svg, '<title>')).toBe(9);
    expect(svg).toContain('stroke-dasharray');
  });

  it('supports a log axis and rejects values it cannot show', () => {
    assertWellFormedXml(lineChartSvg([{ name: 'lr', values: [1, 0.1, 0.01] }], { logY: true }));
    expect(() => lineChartSvg([{ name: 'lr', values: [1, 0] }], { logY: true })).toThrow(/cannot go on a log axis/);
    expect(() => lineChartSvg([{ name: 'a', values: [1, 2], x: [1] }])).toThrow(/series\[0\].x: has 1 values but values has 2/);
  });
});
