/* Settings of bench/item2vec-gensim.ts from the command line (`--window=50`, `--window 50`) or
 * the environment (WINDOW=50 or the older ITEM2VEC_WINDOW=50); the command line wins. */

/** What the bench runs: the item sequences' order and the skip-gram settings both sides get. */
export interface Item2VecBenchSettings {
  /** Timed rounds, alternating ours / gensim, seeds `seed + round`. */
  rounds: number;
  /** Seed of the first round (both sides). Default 42. */
  seed: number;
  /** Order of each user's items: by time, or shuffled once (seeded) and written once for both sides. */
  order: 'time' | 'shuffle';
  window?: number;
  epochs?: number;
  dim?: number;
  negatives?: number;
  subsample?: number;
  threads: number;
  /** Re-shuffle the order of the sequences each epoch (ours; gensim through a re-shuffling corpus). */
  shuffle?: boolean;
  /** Ours only: targets with |u·v| at least this get no update (gensim always skips at 6). */
  maxScore?: number;
}

/** Flags: name on the command line → environment variables read (first set wins) and type. */
const FLAGS = {
  rounds: { env: ['ROUNDS'], type: 'int' },
  seed: { env: ['SEED'], type: 'int' },
  order: { env: ['ORDER', 'ITEM2VEC_ORDER'], type: 'order' },
  window: { env: ['WINDOW', 'ITEM2VEC_WINDOW'], type: 'int' },
  epochs: { env: ['EPOCHS', 'ITEM2VEC_EPOCHS'], type: 'int' },
  dim: { env: ['DIM', 'ITEM2VEC_DIM'], type: 'int' },
  negatives: { env: ['NEGATIVES', 'ITEM2VEC_NEGATIVES'], type: 'int' },
  sample: { env: ['SAMPLE', 'ITEM2VEC_SUBSAMPLE'], type: 'number' },
  threads: { env: ['THREADS'], type: 'int' },
  shuffle: { env: ['SHUFFLE'], type: 'bool' },
  maxscore: { env: ['MAX_SCORE'], type: 'number' },
} as const;
type Flag = keyof typeof FLAGS;

function parse(flag: Flag, raw: string): number | boolean | string {
  const type = FLAGS[flag].type;
  if (type === 'order') {
    if (raw !== 'time' && raw !== 'shuffle') throw new Error(`--order: "${raw}" must be 'time' or 'shuffle'`);
    return raw;
  }
  if (type === 'bool') {
    if (!['true', 'false', '1', '0'].includes(raw)) throw new Error(`--${flag}: "${raw}" must be true or false`);
    return raw === 'true' || raw === '1';
  }
  const x = Number(raw);
  if (!Number.isFinite(x) || (type === 'int' && !Number.isInteger(x))) throw new Error(`--${flag}: "${raw}" must be ${type === 'int' ? 'an integer' : 'a number'}`);
  return x;
}

/**
 * Reads the bench settings: `argv` flags (`--name=value` or `--name value`, names as in
 * {@link FLAGS}), then the environment. Unset settings are left to the library defaults
 * (item2vec's window 20) except rounds (3), seed (42), order ('time') and threads (2).
 *
 * @throws Error naming the flag at fault for an unknown flag or a bad value.
 */
export function benchSettings(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Item2VecBenchSettings {
  const raw: Partial<Record<Flag, string>> = {};
  for (const f of Object.keys(FLAGS) as Flag[]) {
    const name = FLAGS[f].env.find((e) => env[e] !== undefined && env[e] !== '');
    if (name !== undefined) raw[f] = env[name]!;
  }
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(argv[i]!);
    if (m === null || !(m[1]! in FLAGS)) throw new Error(`unknown argument "${argv[i]}"; flags: ${Object.keys(FLAGS).map((f) => `--${f}`).join(' ')}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value`);
    raw[m[1] as Flag] = value;
  }
  const get = <T>(f: Flag): T | undefined => (raw[f] === undefined ? undefined : (parse(f, raw[f]) as T));
  return {
    rounds: get<number>('rounds') ?? 3,
    seed: get<number>('seed') ?? 42,
    order: get<'time' | 'shuffle'>('order') ?? 'time',
    window: get<number>('window'),
    epochs: get<number>('epochs'),
    dim: get<number>('dim'),
    negatives: get<number>('negatives'),
    subsample: get<number>('sample'),
    threads: get<number>('threads') ?? 2,
    shuffle: get<boolean>('shuffle'),
    maxScore: get<number>('maxscore'),
  };
}
