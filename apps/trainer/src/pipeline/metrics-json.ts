import type { ModelMetrics, ProtocolFigures, RankingMetrics, TwoStageFigures } from '@twotower/artifact';
import type { RetrievalMetrics, TwoStageResult } from '@twotower/eval';
import type { FitRetrievalResult, RecommenderEvaluation, TrainingData } from '@twotower/training';
import type { TrainConfig } from '../config/schema';

function protocols(m: RetrievalMetrics | undefined): ProtocolFigures | undefined {
  if (!m) return undefined;
  return { wholeCatalogue: m.wholeCatalogue, excludeSeen: m.excludeSeen };
}

function twoStageJson(r: TwoStageResult): TwoStageFigures {
  return { candidates: r.candidates, queries: r.queries, candidateRecall: r.candidateRecall, retrieval: r.retrieval, reranked: r.reranked, popularityOrder: r.popularityOrder, rerankedGain: r.rerankedGain };
}

/** `metrics.json` of a training run (the contract's {@link ModelMetrics}). */
export function metricsJson(dataset: string, data: TrainingData, config: TrainConfig, fit: FitRetrievalResult, ev: RecommenderEvaluation, backend: string, ranking?: RankingMetrics, twoStage: TwoStageResult[] = []): ModelMetrics {
  return {
    config: config.name,
    dataset: { name: dataset, users: data.numUsers, items: data.numItems, interactions: data.log.length },
    split: { protocol: 'random', seed: config.split.seed, train: data.trainRows.length, test: data.testRows.length, validation: data.validationRows.length },
    training: {
      backend,
      epochs: fit.epochsRun,
      bestEpoch: fit.bestEpoch,
      stoppedEarly: fit.stoppedEarly,
      seconds: Number(fit.seconds.toFixed(2)),
      examplesPerSecond: Math.round(fit.examplesPerSecond),
      resumedFrom: fit.resumedFrom,
    },
    retrieval: {
      wholeCatalogue: ev.model.wholeCatalogue,
      excludeSeen: ev.model.excludeSeen,
      coverage: Object.fromEntries(Object.entries(ev.model).filter(([k]) => k.startsWith('coverage@'))) as Record<string, number>,
      popularityBias: ev.model.popularityBias,
    },
    baselines: { popularity: protocols(ev.baselines.popularity), ease: protocols(ev.baselines.ease) },
    ranking,
    // twoStage: N = the first of ranking.candidates (10, as the reference)
    twoStage: twoStage[0] ? twoStageJson(twoStage[0]) : undefined,
    // twoStageByCandidates: every N evaluated (e.g. 10 and 100)
    twoStageByCandidates: twoStage.length ? Object.fromEntries(twoStage.map((r) => [String(r.candidates), twoStageJson(r)])) : undefined,
    evaluationSeconds: ev.seconds,
  };
}
