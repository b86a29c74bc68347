import { PNG } from 'pngjs';
import { svgToPng } from './png';
import { scatterSvg } from './scatter-svg';

describe('svgToPng', () => {
  it('renders a figure to a PNG that decodes, at the asked scale', () => {
    const svg = scatterSvg(Float32Array.from([0, 0, 1, 1, 2, 0.5]), { width: 400, height: 300, title: 'tiny' });
    const buf = svgToPng(svg, { scale: 1.5 });
    const png = PNG.sync.read(buf);
    expect(png.width).toBe(600);
    expect(png.height).toBe(450);
    // white background, and some dark pixels (text, frame, points)
    expect(Array.from(png.data.subarray(0, 4))).toEqual([255, 255, 255, 255]);
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 100) dark++;
    expect(dark).toBeGreaterThan(100);
  });
});
