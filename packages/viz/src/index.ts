export { VizInputError } from './errors';
export type { Vectors } from './vectors';
export { SeededRandom } from './random';
export { pca } from './pca';
export type { PcaOptions, PcaResult } from './pca';
export { exactKnn } from './knn';
export type { KnnResult, KnnOptions } from './knn';
export { tsne } from './tsne';
export type { TsneOptions, TsneResult, TsneMethod, TsneProgress } from './tsne';
export { trustworthiness } from './trustworthiness';
export { klDivergence } from './kl-divergence';
export type { KlDivergenceOptions } from './kl-divergence';
export type { TrustworthinessOptions } from './trustworthiness';
export { clusteredPoints } from './synthetic';
export type { ClusteredPointsOptions } from './synthetic';
export { viridis, categoryColours, VIRIDIS_STOPS, CATEGORY_COLOURS, OTHER_COLOUR } from './colour-map';
export type { CategoryColours } from './colour-map';
export type { ColourBy, ContinuousColour, CategoricalColour } from './colour-by';
export { scatterSvg } from './scatter-svg';
export type { ScatterPlotOptions } from './scatter-svg';
export type { FigureOptions } from './figure';
export { lineChartSvg } from './line-chart-svg';
export type { LineSeries, LineChartOptions } from './line-chart-svg';
export { svgToPng } from './png';
export type { PngOptions } from './png';
export { writeReport } from './write-report';
export type { WriteReportOptions } from './write-report';
export type {
  ReportSpec,
  ReportSection,
  ScatterSection,
  LinesSection,
  TableSection,
  NeighboursSection,
  TextSection,
} from './report-spec';
