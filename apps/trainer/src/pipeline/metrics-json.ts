import type { RetrievalMetrics, TwoStageResult } from '@twotower/eval';
import type { RankingMetrics } from './fit-ranking';
import type { TrainConfig } from '../config/schema';
import type { Evaluation } from './evaluate';
import type { FitResult } from './fit';
import type { Prepared } from './prepare';

function protocols(m: RetrievalMetrics | undefined) {
  if (!m) return undefined;
  return { wholeCatalogue: m.wholeCatalogue, excludeSeen: m.excludeSeen };
}

/** `metrics.json`: the contract of the retrieval issue, plus details (coverage, bias, history). */
function twoStageJson(r: TwoStageResult) {
  return { candidates: r.candidates, queries: r.queries, candidateRecall: r.candidateRecall, retrieval: r.retrieval, reranked: r.reranked, popularityOrder: r.popularityOrder, rerankedGain: r.rerankedGain };
}

export function metricsJson(p: Prepared, config: TrainConfig, fitResult: FitResult, ev: Evaluation, backend: string, ranking?: RankingMetrics, twoStage: TwoStageResult[] = []) {
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
    ranking,
    // twoStage: N = the first of ranking.candidates (10, as the reference)
    twoStage: twoStage[0] ? twoStageJson(twoStage[0]) : undefined,
    // twoStageByCandidates: every N evaluated (e.g. 10 and 100)
    twoStageByCandidates: twoStage.length ? Object.fromEntries(twoStage.map((r) => [String(r.candidates), twoStageJson(r)])) : undefined,
    evaluationSeconds: ev.seconds,
  };
}
