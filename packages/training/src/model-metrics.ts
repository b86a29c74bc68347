import type { ModelMetrics, ProtocolFigures, RankingMetrics, TwoStageFigures, TwoStagePerUserFigures } from '@twotower/artifact';
import type { RetrievalMetrics, TwoStageResult } from '@twotower/eval';
import type { RecommenderEvaluation } from './evaluate-recommender';
import type { FitRetrievalResult } from './fit-retrieval';
import type { TrainingData } from './training-data';

/** What {@link modelMetrics} assembles `metrics.json` from. */
export interface ModelMetricsInput {
  /** Name of the configuration trained (shown in reports). */
  config: string;
  /** Name of the data set. */
  dataset: string;
  /** Seed of the split (the seed protocol uses 42). */
  splitSeed: number;
  data: TrainingData;
  fit: FitRetrievalResult;
  evaluation: RecommenderEvaluation;
  /** The tfjs backend that trained. */
  backend: string;
  ranking?: RankingMetrics;
  /** One two-stage evaluation per candidate count, the reference's N first. */
  twoStage?: TwoStageResult[];
  /** The two-stage list scored per user (`evaluateTwoStageUsers`). */
  twoStagePerUser?: TwoStagePerUserFigures;
}

function protocols(m: RetrievalMetrics | undefined): ProtocolFigures | undefined {
  if (!m) return undefined;
  return { wholeCatalogue: m.wholeCatalogue, excludeSeen: m.excludeSeen };
}

function twoStageJson(r: TwoStageResult): TwoStageFigures {
  return { candidates: r.candidates, queries: r.queries, candidateRecall: r.candidateRecall, retrieval: r.retrieval, reranked: r.reranked, popularityOrder: r.popularityOrder, rerankedGain: r.rerankedGain };
}

/** `metrics.json` of a training run (`@twotower/artifact`'s `ModelMetrics`), for `saveModel`. */
export function modelMetrics(input: ModelMetricsInput): ModelMetrics {
  const { dataset, data, fit, evaluation: ev, backend, ranking, twoStage = [] } = input;
  return {
    config: input.config,
    dataset: { name: dataset, users: data.numUsers, items: data.numItems, interactions: data.log.length },
    split: { protocol: 'random', seed: input.splitSeed, train: data.trainRows.length, test: data.testRows.length, validation: data.validationRows.length },
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
    twoStagePerUser: input.twoStagePerUser,
    versusEase: ev.versusEase,
    evaluationSeconds: ev.seconds,
  };
}
