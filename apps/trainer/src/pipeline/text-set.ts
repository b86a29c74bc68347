import type { Catalogue } from '@twotower/recommender';
import { loadTextEncoder, textForItems } from '@twotower/text';
import type { LearnedEmbeddingSet, Progress } from '@twotower/training';

/** Catalogue text columns read beside the titles, first found first. */
const DESCRIPTION_COLUMNS = ['description', 'overview', 'summary', 'plot'];

/**
 * The catalogue's text (its titles, and a description column when it has one) embedded by the
 * pretrained sentence encoder of `@twotower/text`, as the `text` embedding set: one unit row per
 * item, `[numItems × 512]`.
 */
export async function textEmbeddingSet(catalogue: Catalogue, progress?: Progress): Promise<LearnedEmbeddingSet> {
  const t0 = performance.now();
  const column = catalogue.columns?.find((c) => c.kind === 'text' && DESCRIPTION_COLUMNS.includes(c.name.toLowerCase()));
  const descriptions = column ? column.values.map((v) => (v === null ? '' : String(v))) : undefined;
  const texts = textForItems({ titles: catalogue.titles, ...(descriptions ? { descriptions } : {}) });
  const encoder = await loadTextEncoder();
  try {
    const onProgress = progress?.task(`text embeddings of ${texts.length.toLocaleString('en-US')} items`);
    const vectors = await encoder.encode(texts, onProgress ? { onProgress } : {});
    return {
      name: 'text',
      of: 'items',
      method: 'text',
      ids: [...catalogue.ids],
      vectors,
      dim: encoder.dim,
      options: { encoder: encoder.name, source: column ? `titles + ${column.name}` : 'titles' },
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    encoder.dispose();
  }
}
