import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openModelDirectory, REPORT_DIR } from '@twotower/artifact';
import { Recommender } from '@twotower/recommender';
import { ready } from '@twotower/runtime';
import { writeReport } from '@twotower/viz';
import type { Progress } from '@twotower/training';
import { embeddingMaps, type EmbeddingMap } from '../pipeline/embedding-maps';
import { buildReportSpec } from '../pipeline/report-spec';

/** Options of {@link report}. */
export interface ReportOptions {
  /** The model directory (verified before use). */
  model: string;
  /** Where the report goes. Default `<model>/report`. */
  out?: string;
  /** Progress messages. Default silent. */
  print?: (line: string) => void;
  /** Shows each t-SNE's progress (a bar on a terminal). Default: none. */
  progress?: Progress;
  /** Told the maps of the embedding sets drawn (their trustworthiness completes the comparison table). */
  onMaps?: (maps: EmbeddingMap[]) => void;
}

/**
 * `twotower-train report --model DIR`: writes `report/` inside the model directory — `index.html`
 * (self-contained, interactive) and a PNG and SVG of every figure. The report is derived from the
 * model and is not listed in its manifest.
 */
export async function report(options: ReportOptions): Promise<string[]> {
  await ready({ log: null });
  const dir = resolve(options.model);
  const model = openModelDirectory(dir);
  const rec = await Recommender.load(model.artifact);
  try {
    const maps = embeddingMaps(model, rec.dim, options.progress);
    options.onMaps?.(maps);
    const spec = buildReportSpec({ rec, metrics: model.metrics(), history: model.history(), bucketCounts: model.timestampBuckets(), dir, maps });
    const out = resolve(options.out ?? join(dir, REPORT_DIR));
    const files = await writeReport(out, spec, { onProgress: options.print, ...(options.progress ? { taskProgress: (label: string) => options.progress!.task(label) } : {}) });
    if (!existsSync(join(out, 'index.html'))) throw new Error(`the report was not written to ${out}`);
    return files;
  } finally {
    rec.dispose();
  }
}
