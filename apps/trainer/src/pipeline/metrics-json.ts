import type { RetrievalMetrics } from '@twotower/eval';
import type { TrainConfig } from '../config/schema';
import type { Evaluation } from './evaluate';
import type { FitResult } from './fit';
import type { Prepared } from './prepare';

function protocols(m: RetrievalMetrics | undefined) {
  if (!m) return undefined;
  return { wholeCatalogue: m.wholeCatalogue, excludeSeen: m.excludeSeen };
}

/** `metrics.json`: the contract of the retrieval issue, plus details (coverage, bias, history). */
export function metricsJson(p: Prepared, config: TrainConfig, fitResult: FitResult, ev: Evaluation, backend: string) {
  return {
    config: config.name,
    dataset: { name: p.dataset.name, users: p.numUsers, items: p.numItems, interactions: p.log.length },
    split: {
      protocol: 'random',
      seed: config.split.seed,
      train: p.trainRows.length,
      test: p.testRows.length,
      validation: p.validationRows.length,
    },
    training: {
      backend,
      epochs: fitResult.epochsRun,
      bestEpoch: fitResult.bestEpoch,
      stoppedEarly: fitResult.stoppedEarly,
      seconds: Number(fitResult.seconds.toFixed(2)),
      examplesPerSecond: Math.round(fitResult.examplesPerSecond),
      resumedFrom: fitResult.resumedFrom,
    },
    retrieval: {
      wholeCatalogue: ev.model.wholeCatalogue,
      excludeSeen: ev.model.excludeSeen,
      coverage: Object.fromEntries(Object.entries(ev.model).filter(([k]) => k.startsWith('coverage@'))),
      popularityBias: ev.model.popularityBias,
    },
    baselines: {
      popularity: protocols(ev.baselines.popularity),
      ease: protocols(ev.baselines.ease),
    },
    evaluationSeconds: ev.seconds,
  };
}
