import { z } from 'zod';
import { EmbeddingsConfigSchema } from './embeddings-schema';

const int = (min: number) => z.number().int().min(min);
const layers = z.array(int(1)).min(1);

/** The training configuration. Every field has a default; a config file gives only what differs. */
export const TrainConfigSchema = z.strictObject({
  /** Shown in reports and the manifest. */
  name: z.string().min(1).default('custom'),
  data: z
    .strictObject({
      /** Data set: a MovieLens directory (100K/1M/20M/25M/latest) or an interactions .csv/.tsv/.jsonl file. */
      dir: z.string().min(1).optional(),
      /**
       * For an interactions file: which columns hold user, item, timestamp, rating and weight
       * (a count or a dwell time weighing the example). Roles not named are found by the
       * columns' names (user/customer/..., item/product/sku/..., timestamp/ts/date/...,
       * rating/score/stars); a weight is used only when named. Only user and item are needed.
       */
      columns: z
        .strictObject({ user: z.string().min(1).optional(), item: z.string().min(1).optional(), rating: z.string().min(1).optional(), timestamp: z.string().min(1).optional(), weight: z.string().min(1).optional() })
        .optional(),
      /** An item catalogue (.csv/.tsv/.jsonl): an id column, a title or name, categories, any other attributes. */
      items: z.string().min(1).optional(),
      /** A user file (.csv/.tsv/.jsonl): an id column and any attributes. */
      users: z.string().min(1).optional(),
      /** Field separator of the delimited files (default: sniffed per file; .tsv: tab). */
      delimiter: z.string().min(1).optional(),
      /** How the timestamp column is written (default auto: epoch seconds, epoch milliseconds or ISO 8601, detected from its first rows). */
      timestampFormat: z.enum(['auto', 'seconds', 'milliseconds', 'iso']).optional(),
    })
    .default({}),
  split: z
    .strictObject({
      /** Shuffle seed of the seed protocol (TFRS's MovieLens split: shuffle with seed 42, then 80% train / 20% test). */
      seed: int(0).default(42),
      /** Share of all interactions used for training; the rest is the test set. */
      trainFraction: z.number().gt(0).lt(1).default(0.8),
      /** Share of the training rows held out for early stopping (never the test set). 0 disables it. */
      validationFraction: z.number().min(0).lt(1).default(0),
      /** Seed of the draw of the validation rows from the training rows (default seed + 1): another value, another validation sample with the same test rows. */
      validationSeed: int(0).optional(),
      /**
       * Share of the users the validation rows are drawn from (default 1: all). Below 1,
       * validationFraction of those users' training rows; every other user's rows are all fit
       * rows, so the towers validated learn from nearly every training row.
       */
      validationUsers: z.number().gt(0).max(1).optional(),
    })
    .default({ seed: 42, trainFraction: 0.8, validationFraction: 0 }),
  features: z
    .strictObject({
      embeddingDim: int(1).default(32),
      timestampBins: int(1).default(1000),
      maxTitleTokens: int(2).default(10_000),
      /**
       * Query tower: timestamp bucket embedding and normalised timestamp. false leaves them out; a
       * recent history (`history.recent`) still reads the log's times.
       */
      timestamp: z.boolean().default(true),
      /** Candidate tower: mean-pooled title token embeddings. */
      titleText: z.boolean().default(true),
      /** Candidate tower: an embedding of the item's genre (category) combination (one token per distinct combination). */
      genres: z.boolean().default(false),
      /** Both towers: the catalogue's other columns and the user file's columns, each by kind (text, labels, category, number). Default true. */
      attributes: z.boolean().optional(),
      /** Label columns (genres, tags): one token per combination (default), or 'multi-hot': the mean of one embedding per label. */
      categories: z.enum(['combination', 'multi-hot']).optional(),
      /** Quantile buckets of each number column (beside its standardised value). Default 10. */
      numberBins: int(1).optional(),
      /** Query tower: coarser timestamp buckets beside timestampBins, one embedding each (multi-resolution time). */
      timestampResolutions: z.array(int(2)).optional(),
      /**
       * Query tower: share of training examples whose time it does not see, so that a query
       * without a time (a user's recommendations, the per-user figures) reads no time while one
       * with a time reads it. 0: off (a query without a time is at the user's latest training time).
       */
      timeDropout: z.number().min(0).max(1).optional(),
      /**
       * Query tower, per member of `model.members` (one entry each, in (0, 1]): that member's
       * timeDropout. A member at 1 never reads a time and answers every query as one without a
       * time. Needs timeDropout and training.memberBatches "own". Default: every member timeDropout.
       */
      memberTimeDropout: z.array(z.number().gt(0).max(1)).optional(),
      /** Query tower: MovieLens's user table (age, gender, occupation, zip prefix) as user features, when there is no user file. */
      userTable: z.boolean().optional(),
      /**
       * Candidate tower: the item text's embedding by the pretrained sentence encoder of
       * @twotower/text (512 numbers per item) as one more input, which lets it place items never
       * seen in training by their text. Default false: on ML-100K it left the warm figures
       * unchanged and raised held-out items' recall (docs/decisions.md).
       */
      itemText: z.boolean().optional(),
      /**
       * Query tower: the user's history, its training items' embeddings pooled (each example's
       * own item left out). `length` items per query (a subset past it), `dim` wide (default
       * embeddingDim); `pooling` 'mean' (default) or 'attention' (`heads` learned query vectors
       * weigh the items, default 1); `itemTable` 'own' (default) or 'shared' (the candidate
       * tower's item-id embeddings, trained by both towers). `recent` true: a query at a time
       * reads the user's last `length` items before that time (training examples too, before
       * their own), and a query without a time reads none (it is part of the time, hidden with it
       * by `timeDropout`); `causal` true: training examples read only items before their time.
       * Absent or null: no history.
       */
      history: z
        .strictObject({
          length: int(1).default(50),
          dim: int(1).optional(),
          causal: z.boolean().optional(),
          recent: z.boolean().optional(),
          pooling: z.enum(['mean', 'attention']).optional(),
          heads: int(1).optional(),
          itemTable: z.enum(['own', 'shared']).optional(),
        })
        .refine((h) => h.heads === undefined || h.pooling === 'attention', { message: 'heads is an option of pooling "attention": set pooling to "attention" or leave heads out', path: ['heads'] })
        .nullable()
        .optional(),
    })
    .default({ embeddingDim: 32, timestampBins: 1000, maxTitleTokens: 10_000, timestamp: true, titleText: true, genres: false }),
  model: z
    .strictObject({
      queryLayers: layers.default([32]),
      candidateLayers: layers.default([32]),
      /** L2-normalise tower outputs (cosine scores; use a temperature below 1). */
      normalize: z.boolean().default(false),
      seed: int(0).default(0),
      /**
       * Independent pairs of towers trained side by side on the same batches, each from its own
       * seed (seed, seed + 1, ...): an ensemble whose embeddings are `members` times as wide and
       * whose scores are the mean of the members'. Each member costs a model's training time.
       */
      members: int(1).default(1),
      /**
       * The popularity lean of a user's recommendations: `w · ln(1 + the item's training
       * interactions)` added to each item's score when a user is queried without a time (what a
       * service shows a user; the per-user figures). Queries with a time (the per-row figures),
       * item-item and user-user searches do not read it. A number: that weight, measured beside
       * no lean on the validation rows for the record. A list: each weight measured there
       * (per-user nDCG@10, fit items excluded) and the best kept — but the towers validation
       * measures learned from fewer rows than the refit ones and lean more on popularity than
       * these need, so a list tends to choose too much (docs/decisions.md). 0: no lean.
       */
      popularityLean: z.union([z.number().finite().min(0), z.array(z.number().finite().min(0)).min(1)]).default(0),
    })
    .default({ queryLayers: [32], candidateLayers: [32], normalize: false, seed: 0, members: 1, popularityLean: 0 }),
  training: z
    .strictObject({
      epochs: int(1).default(10),
      batchSize: int(2).default(2048),
      optimizer: z.enum(['adagrad', 'adam', 'sgd']).default('adagrad'),
      learningRate: z.number().positive().default(0.1),
      /** L2 weight decay on the embedding rows a batch touches. */
      weightDecay: z.number().min(0).default(0),
      /** Stop when the validation metric has not improved for this many epochs (needs split.validationFraction > 0); 0 = never. */
      patience: int(0).default(0),
      /**
       * Share of training examples whose user is hidden (read as an unknown user): the query
       * tower learns to answer from the history alone, which serves users it never saw. Default 0.
       */
      userDropout: z.number().min(0).max(1).optional(),
      /** Share of candidate rows whose item id is hidden: the candidate tower learns to embed new items from their features. Default 0. */
      itemDropout: z.number().min(0).max(1).optional(),
      /**
       * Weight of a smoothness penalty between neighbouring timestamp buckets of the query tower
       * (every resolution), applied after each step: the day embedding becomes a function of time. Default 0.
       */
      timeSmoothness: z.number().min(0).optional(),
      /** Distillation from EASE (fitted on the rows the towers learn from): the teacher's share of each example's target, its temperature, EASE's λ. Default off. */
      distill: z.strictObject({ weight: z.number().min(0).max(1), temperature: z.number().positive().optional(), lambda: z.number().positive().optional() }).optional(),
      /**
       * With `model.members` > 1: `shared` trains every member on the same batches; `own` gives
       * each member its own batch order, sampled negatives and masks (time, user and item
       * dropout, history subsets), as independent as separately trained models. Default shared.
       */
      memberBatches: z.enum(['shared', 'own']).optional(),
      /** Leave out of each example's negatives the candidates its user interacted with in the fit rows (its other films). Default false. */
      maskSeen: z.boolean().optional(),
      /** Share of training examples whose history is cut to a random length (the short histories new users arrive with). Default 0. */
      shortHistories: z.number().min(0).max(1).optional(),
      /** Validation metric for early stopping (train items excluded). */
      monitor: z.enum(['top10', 'top50', 'top100', 'recall@10', 'ndcg@10', 'recall@100', 'ndcg@100']).default('top100'),
      /** Seed of the batch order. */
      seed: int(0).default(42),
      /**
       * After early stopping on the validation split has chosen the number of epochs, train a
       * fresh model on all training rows (validation rows included) for that many epochs.
       */
      refit: z.boolean().default(false),
      /**
       * With refit and an engagement model: share of the validation rows kept out of the refit.
       * The engagement model then learns on them against the refit towers, the ones it re-ranks
       * (it needs interactions they did not learn). 0 (default): every training row is refit, and
       * the engagement model learns against the towers before the refit (on ML-100K 0.5 lowered
       * both the retrieval and the re-ranked figures: docs/decisions.md).
       */
      refitHoldOut: z.number().min(0).lt(1).default(0),
      /** How a weight column weighs the examples: log(1 + w) (default), w, or not at all; scaled to a mean of 1. */
      weighting: z.enum(['log', 'linear', 'none']).optional(),
    })
    .default({ epochs: 10, batchSize: 2048, optimizer: 'adagrad', learningRate: 0.1, weightDecay: 0, patience: 0, monitor: 'top100', seed: 42, refit: false, refitHoldOut: 0 }),
  loss: z
    .strictObject({
      temperature: z.number().positive().default(1),
      /** Weight of the logQ (sampling-probability) correction; 0 = off (TFRS' default). */
      logQCorrection: z.number().min(0).default(0),
      /**
       * The logQ weight of the batches trained without their time (needs features.timeDropout,
       * which then hides the time of whole batches): above logQCorrection, a user's list (a query
       * without a time) leans further towards popular items than a query at a time. Absent: every
       * batch uses logQCorrection.
       */
      untimedLogQCorrection: z.number().min(0).optional(),
      removeAccidentalHits: z.boolean().default(false),
      /** Keep only this many hardest in-batch negatives per row; 0 = all. */
      hardNegatives: int(0).default(0),
      /** Extra uniformly sampled negatives per batch. */
      sampledNegatives: int(0).default(0),
      /** 'sum' as TFRS' Retrieval task, or 'mean'. */
      reduction: z.enum(['sum', 'mean']).default('sum'),
      /** 'in-batch' negatives (with logQ and sampled negatives), or 'catalogue': every item once, the full softmax (catalogues up to a few thousand items). */
      negatives: z.enum(['in-batch', 'catalogue']).optional(),
    })
    .default({ temperature: 1, logQCorrection: 0, removeAccidentalHits: false, hardNegatives: 0, sampledNegatives: 0, reduction: 'sum' }),
  ranking: z
    .strictObject({
      /** Train the ranking (re-ranking) model after retrieval and evaluate the two stages. */
      enabled: z.boolean().default(true),
      /** Hidden layers of the scoring MLP (the TFRS ranking model's: 256 ReLU -> 64 ReLU -> 1 output). */
      layers: layers.default([256, 64]),
      /** DCN-v2 cross layers before the MLP (0 = none); lowRank > 0 factorises them. */
      crossLayers: int(0).default(0),
      crossLowRank: int(0).default(0),
      /**
       * The ranking models: `binary` models of P(rating >= likedThreshold) (binary cross-entropy)
       * and `regression` models of the rating (MSE), from seeds seed, seed + 1, …, combined as
       * P(liked) = σ(mean of the members' log-odds): logit(P) for a binary model,
       * ratingSlope · (rating − (likedThreshold − 0.5)) for a regression model (the mean rating
       * when all are regression models). `{ binary: 1, regression: 0 }` is one model. Default
       * 3 + 3, which beat one model and 8 binary models on validation (the runs:
       * docs/decisions.md).
       */
      ensemble: z
        .strictObject({
          binary: int(0).default(3),
          regression: int(0).default(3),
          ratingSlope: z.number().min(0).default(2),
        })
        .refine((e) => e.binary + e.regression > 0, { message: 'the ranking ensemble needs at least one model: set binary or regression above 0' })
        .default({ binary: 3, regression: 3, ratingSlope: 2 }),
      likedThreshold: z.number().default(4),
      /** Epochs of the ranking model (tuned on validation: 4 with the statistics inputs, 5 with features alone). */
      epochs: int(1).default(4),
      batchSize: int(1).default(256),
      /**
       * Dropout on the ranking model's concatenated inputs (tuned on validation: 0 with the
       * statistics inputs, which dropout blanks; 0.4 with 'features' alone).
       */
      inputDropout: z.number().min(0).lt(1).default(0),
      /**
       * What the ranking model reads: 'features' (the towers' ids, tokens, time), 'statistics'
       * (the user's and item's rating statistics of the training rows: shrunk mean rating,
       * shrunk share of liked ratings, log count — each training row's own rating left out),
       * 'features+statistics' (default: a better validation AUC than 'features'; docs/decisions.md),
       * 'retrieval' / 'both' (the retrieval score, popularity, activity, without / with the
       * features) or 'all'.
       */
      inputs: z.enum(['features', 'retrieval', 'both', 'statistics', 'features+statistics', 'all']).default('features+statistics'),
      /**
       * The tower features the ranking models read, by name (null: all of them; ignored when
       * `inputs` reads no features). Default the user and film ids: with the rating statistics,
       * the timestamp and title inputs only add variance (docs/decisions.md).
       */
      features: z.array(z.string().min(1)).min(1).nullable().default(['user_id', 'title_id']),
      /** Prior strength m of the statistics' Bayesian averages, (sum + m·mean) / (count + m). */
      priorStrength: z.number().positive().default(5),
      optimizer: z.enum(['adagrad', 'adam', 'sgd']).default('adam'),
      learningRate: z.number().positive().default(0.001),
      weightDecay: z.number().min(0).default(0),
      /**
       * Also train an engagement model, P(interaction) among retrieved candidates, with the
       * training interactions as positives and `negatives` items per positive drawn from the
       * user's top `negativePool` retrieved (not interacted) items; re-ranking then scores
       * P(interaction) × P(liked).
       */
      engagement: z.boolean().default(true),
      negatives: int(1).default(4),
      negativePool: int(1).default(100),
      engagementEpochs: int(1).default(8),
      engagementLayers: layers.default([16]),
      engagementLearningRate: z.number().positive().default(0.003),
      /** What the engagement model reads: 'retrieval' (score, popularity, activity), 'features' (ids, tokens), or 'both'. */
      engagementInputs: z.enum(['retrieval', 'features', 'both']).default('retrieval'),
      /** Re-ranking score: P(interaction) × P(liked)^likedWeight (0 = the engagement model alone). */
      likedWeight: z.number().min(0).default(0),
      /** Candidates retrieved per query in the two-stage evaluation (TFRS's evaluation re-ranks 10; 100 is realistic). */
      candidates: z.array(int(1)).min(1).default([10, 100]),
      seed: int(0).default(7),
    })
    .default({ enabled: true, layers: [256, 64], crossLayers: 0, crossLowRank: 0, ensemble: { binary: 3, regression: 3, ratingSlope: 2 }, likedThreshold: 4, epochs: 4, batchSize: 256, inputDropout: 0, inputs: 'features+statistics', features: ['user_id', 'title_id'], priorStrength: 5, optimizer: 'adam', learningRate: 0.001, weightDecay: 0, engagement: true, negatives: 4, negativePool: 100, engagementEpochs: 8, engagementLayers: [16], engagementLearningRate: 0.003, engagementInputs: 'retrieval', likedWeight: 0, candidates: [10, 100], seed: 7 }),
  itemItem: z
    .strictObject({
      /**
       * Fit the item-item second stage: EASE weights kept to each item's strongest `neighbours`,
       * blended with the retrieval score as z(retrieval) + w · z(item-item) over each re-ranked
       * list, w chosen among `weights` on the validation rows (per user, nDCG@10 of the top 100
       * re-ranked). When fitted it is what re-orders two-stage lists (the server's `rerank`), in
       * place of the ranking/engagement models. Needs validation rows and at most 20,000 items.
       */
      enabled: z.boolean().default(true),
      /** EASE's L2 regularisation λ. */
      lambda: z.number().positive().default(500),
      /** Entries kept per item row (model size numItems × neighbours; 200 matched the dense weights on validation). */
      neighbours: int(1).default(200),
      /** Blend weights tried on the validation rows; 0 keeps the retrieval order. */
      weights: z.array(z.number().min(0)).min(1).default([0, 0.25, 0.5, 1, 2, 4]),
      /** Candidates per validation user when choosing the weight. */
      candidates: int(1).default(100),
      /**
       * Choose how a user the model never saw is answered from a history alone (the server's
       * user-items with `history` and no known user): each validation user, given only its first
       * 5 items, is ranked by the query tower and by the 100 most popular items re-ordered by this
       * stage's score of the history (each weight of [0, 0.25, 0.5, 1, 2, 4]); the best nDCG@10 is
       * kept with the model. On MovieLens 100K the popular items re-ordered win (a newcomer's
       * next films are mostly popular ones). A query tower that reads no history (the default
       * config's) answers every such user alike, as a user it never saw.
       */
      coldHistory: z.boolean().default(true),
    })
    .default({ enabled: true, lambda: 500, neighbours: 200, weights: [0, 0.25, 0.5, 1, 2, 4], candidates: 100, coldHistory: true }),
  indexes: z
    .strictObject({
      /**
       * Save into the artifact the FAISS indexes the serving app would build when it starts
       * (item or query embeddings of at least `exactBelow` rows), so that it loads them instead.
       */
      prebuild: z.boolean().default(true),
      /** Below this many rows an exact index is used (and nothing prebuilt); the serving app's default. */
      exactBelow: int(1).default(100_000),
    })
    .default({ prebuild: true, exactBelow: 100_000 }),
  evaluation: z
    .strictObject({
      ks: z.array(int(1)).min(1).default([1, 5, 10, 50, 100]),
      baselines: z.array(z.enum(['popularity', 'ease'])).default(['popularity', 'ease']),
      easeLambda: z.number().positive().default(500),
    })
    .default({ ks: [1, 5, 10, 50, 100], baselines: ['popularity', 'ease'], easeLambda: 500 }),
  embeddings: EmbeddingsConfigSchema,
});

/** A validated configuration with every default filled in. */
export type TrainConfig = z.infer<typeof TrainConfigSchema>;
/** What a config file may contain (any subset). */
export type TrainConfigInput = z.input<typeof TrainConfigSchema>;
