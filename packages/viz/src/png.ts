import { Resvg } from '@resvg/resvg-js';

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /** Pixel density: 2 renders an 800-pixel-wide figure 1600 pixels wide. Default 2. */
  scale?: number;
  /** Background colour. Default white. */
  background?: string;
}

/**
 * Renders an SVG document to PNG with resvg (Rust, no browser). Text uses the system's fonts
 * (the figures ask for Helvetica/Arial/Liberation Sans/DejaVu Sans, whichever is installed).
 */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  const scale = options.scale ?? 2;
  const resvg = new Resvg(svg, {
    background: options.background ?? '#ffffff',
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
