import { main, overridesFromFlags } from './cli';
import { train } from './commands/train';
import { demo } from './commands/demo';
import { report } from './commands/report';
import { inspect } from './commands/inspect';

// the commands run for real unless a test stubs one call (mockResolvedValueOnce)
jest.mock('./commands/train', () => {
  const actual = jest.requireActual('./commands/train');
  return { ...actual, train: jest.fn(actual.train) };
});
jest.mock('./commands/demo', () => {
  const actual = jest.requireActual('./commands/demo');
  return { ...actual, demo: jest.fn(actual.demo) };
});
jest.mock('./commands/inspect', () => {
  const actual = jest.requireActual('./commands/inspect');
  return { ...actual, inspect: jest.fn(actual.inspect) };
});
jest.mock('./commands/report', () => {
  const actual = jest.requireActual('./commands/report');
  return { ...actual, report: jest.fn(actual.report) };
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err.push(String(s));
    return true;
  });
  return { out, err, print: (l: string) => out.push(l), restore: () => spy.mockRestore() };
}

describe('twotower-train CLI', () => {
  it('explains itself with --help: the commands, train being the default', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const c = capture();
      expect(await main(args, c.print)).toBe(0);
      c.restore();
      const help = c.out.join('\n');
      expect(help).toMatch(/^Usage: twotower-train \[command\] \[options\]/);
      expect(help).toMatch(/\n {2}train \[options\] +train a model[\s\S]*\(the default command\)/);
      expect(help).toMatch(/\n {2}demo \[options\] /);
      expect(help).toMatch(/\n {2}report \[options\] /);
      expect(help).toMatch(/\n {2}inspect \[options\] +say what would be read and trained, without training/);
      expect(help).toMatch(/\n {2}publish \[options\] +write a model into PostgreSQL \+ pgvector, make it current\n/);
      expect(c.err).toEqual([]);
    }
  });

  it('has a help per command listing its own flags', async () => {
    const help = async (args: string[]) => {
      const c = capture();
      expect(await main(args, c.print)).toBe(0);
      c.restore();
      return c.out.join('\n');
    };
    const trainHelp = await help(['train', '--help']);
    expect(trainHelp).toMatch(/^Usage: twotower-train train \[options\]/);
    for (const flag of ['--data <dir|file>', '--user-col <name>', '--item-col <name>', '--time-col <name>', '--rating-col <name>', '--weight-col <name>', '--columns <role=col,...>', '--items <file>', '--users <file>', '--delimiter <char>', '--time-format <format>', '--out <dir>', '--config <name|file>', '--epochs <n>', '--batch-size <n>', '--learning-rate <x>', '--optimizer <name>', '--layers <a,b>', '--temperature <x>', '--logq <x>', '--seed <n>', '--resume', '--backend <name>', '--quiet', '--no-report']) {
      expect(trainHelp).toContain(`  ${flag} `);
    }
    expect(trainHelp).not.toContain('--retrain');
    const demoHelp = await help(['help', 'demo']);
    expect(demoHelp).toMatch(/^Usage: twotower-train demo \[options\]/);
    expect(demoHelp).toContain('--reference-epochs <n>');
    expect(demoHelp).toContain('--retrain');
    expect(demoHelp).not.toContain('--epochs <n>');
    const inspectHelp = await help(['inspect', '--help']);
    expect(inspectHelp).toMatch(/^Usage: twotower-train inspect \[options\]/);
    for (const flag of ['--data <dir|file>', '--config <name|file>', '--items <file>', '--users <file>', '--columns <role=col,...>']) expect(inspectHelp).toContain(`  ${flag} `);
    expect(inspectHelp).not.toContain('--epochs');
    const reportHelp = await help(['report', '-h']);
    expect(reportHelp).toMatch(/^Usage: twotower-train report \[options\]/);
    expect(reportHelp).toContain('--model <dir>');
    const publishHelp = await help(['publish', '--help']);
    expect(publishHelp).toMatch(/^Usage: twotower-train publish \[options\]/);
    for (const flag of ['--model <dir>', '--database <url>', '--name <name>', '--index <kind>', '--m <n>', '--ef-construction <n>', '--lists <n>', '--list', '--drop <version>', '--quiet', '--json']) expect(publishHelp).toContain(`  ${flag} `);
    expect(publishHelp).toContain('twotower-train publish --drop 3f2a9c0d1e4b5a67 --database $DATABASE_URL');
  });

  it('suggests the flag meant when one is mistyped', async () => {
    for (const [args, typo, meant, command] of [
      [['--data', 'x', '--out', 'y', '--epoch', '3'], '--epoch', '--epochs', 'train'],
      [['--dta', 'x'], '--dta', '--data', 'train'],
      [['demo', '--retrian'], '--retrian', '--retrain', 'demo'],
      [['report', '--modle', 'm'], '--modle', '--model', 'report'],
    ] as [string[], string, string, string][]) {
      const c = capture();
      expect(await main(args, c.print)).toBe(2);
      c.restore();
      expect(c.err.join('')).toBe(
        `twotower-train: unknown option '${typo}'\n(Did you mean ${meant}?)\nRun "twotower-train ${command} --help" for usage.\n`,
      );
    }
  });

  it('rejects unknown flags, missing required flags and bad numbers with exit code 2', async () => {
    for (const [args, pattern] of [
      [['--out', 'x'], /^twotower-train: --data DIR is required \(a MovieLens directory or an interactions file\)\n/],
      [['--data', 'x'], /^twotower-train: --out DIR is required \(where to write the model\)\n/],
      [['train', '--data', 'x'], /^twotower-train: --out DIR is required/],
      [['--data', 'x', '--out', 'y', '--epochs', 'many'], /--epochs must be a number, got "many"/],
      [['--data', 'x', '--out', 'y', '--backend', 'gpu'], /argument 'gpu' is invalid\. Allowed choices are tensorflow, wasm, cpu/],
      [['--data', 'x', '--out', 'y', 'stray'], /too many arguments for 'train'/],
      [['demo', '--reference-epochs', 'x'], /--reference-epochs must be a number, got "x"/],
      [['demo', '--epochs', '3'], /unknown option '--epochs'/],
      [['report'], /--model DIR is required/],
      [['frobnicate'], /unknown command "frobnicate": use train, inspect, report, demo or publish/],
      [['inspect'], /^twotower-train: --data FILE is required/],
      [['publish', '--model', 'm'], /^twotower-train: --database URL is required \(postgres:\/\/user:password@host:5432\/database\)\nRun "twotower-train publish --help" for usage\./],
      [['publish', '--database', 'postgres://u@h/db'], /--model DIR is required \(a model directory written by twotower-train\), or --list \/ --drop VERSION/],
      [['publish', '--model', 'm', '--database', 'mysql://u:hunter2@h/db'], /--database must be a postgres:\/\/ URL such as postgres:\/\/user:password@host:5432\/database, got "mysql:\/\/u:\*\*\*@h\/db"/],
      [['publish', '--model', 'm', '--database', 'u:hunter2@h'], /--database must be a postgres:\/\/ URL/],
      [['publish', '--model', 'm', '--database', 'postgres://h/db', '--index', 'flat'], /argument 'flat' is invalid\. Allowed choices are hnsw, ivfflat, exact/],
      [['publish', '--model', 'm', '--database', 'postgres://h/db', '--index', 'exact', '--m', '8'], /--m and --ef-construction set an HNSW index, not --index exact/],
      [['publish', '--model', 'm', '--database', 'postgres://h/db', '--lists', '10'], /--lists sets an IVFFlat index \(--index ivfflat\), not hnsw/],
      [['publish', '--model', 'm', '--database', 'postgres://h/db', '--m', '1'], /--m must be an integer of at least 2, got 1/],
      [['publish', '--database', 'postgres://h/db', '--list', '--drop', 'abc'], /--list and --drop are two different commands: give one/],
      [['--data', 'x', '--out', 'y', '--columns', 'buyer=customer'], /--columns takes role=column pairs separated by commas \(roles: user, item, time, rating, weight\), e\.g\. user=customer,item=product; got "buyer=customer"/],
      [['--data', 'x', '--out', 'y', '--columns', 'user'], /--columns takes role=column pairs/],
      [['--data', 'x', '--out', 'y', '--delimiter', ';;'], /--delimiter must be one character or "tab", got ";;"/],
      [['--data', 'x', '--out', 'y', '--time-format', 'julian'], /argument 'julian' is invalid\. Allowed choices are auto, seconds, milliseconds, iso/],
    ] as [string[], RegExp][]) {
      const c = capture();
      expect(await main(args, c.print)).toBe(2);
      c.restore();
      expect(c.err.join('')).toMatch(pattern);
      expect(c.err.join('')).toMatch(/--help/);
    }
  });

  it('reports a bad config value as a usage error naming the field', async () => {
    const c = capture();
    expect(await main(['--data', 'x', '--out', 'y', '--optimizer', 'rmsprop'], c.print)).toBe(2);
    c.restore();
    expect(c.err.join('')).toMatch(/training\.optimizer/);
  });

  it('hands each command its flags, train being the default command', async () => {
    const backend = process.env.TWOTOWER_BACKEND;
    try {
      jest.mocked(train).mockResolvedValueOnce({} as Awaited<ReturnType<typeof train>>);
      const c = capture();
      const args = ['--data', 'd', '--out', 'o', '--config', 'tfrs-reference', '--epochs', '3', '--batch-size', '512'];
      args.push('--learning-rate', '0.05', '--optimizer', 'adam', '--layers', '64,32', '--temperature', '0.2', '--logq', '1');
      args.push('--seed', '7', '--resume', '--quiet', '--no-report', '--backend', 'cpu');
      expect(await main(args, c.print)).toBe(0);
      c.restore();
      expect(jest.mocked(train).mock.lastCall![0]).toEqual({
        data: 'd',
        out: 'o',
        config: 'tfrs-reference',
        overrides: {
          training: { epochs: 3, batchSize: 512, learningRate: 0.05, optimizer: 'adam' },
          model: { queryLayers: [64, 32], candidateLayers: [64, 32] },
          loss: { temperature: 0.2, logQCorrection: 1 },
          split: { seed: 7 },
        },
        resume: true,
        quiet: true,
        report: false,
        print: c.print,
      });
      expect(process.env.TWOTOWER_BACKEND).toBe('cpu');

      jest.mocked(train).mockResolvedValueOnce({} as Awaited<ReturnType<typeof train>>);
      expect(await main(['train', '--data', 'd', '--out', 'o'], c.print)).toBe(0);
      expect(jest.mocked(train).mock.lastCall![0]).toMatchObject({ data: 'd', out: 'o', overrides: {}, resume: false, quiet: false, report: true });

      jest.mocked(demo).mockResolvedValueOnce();
      expect(await main(['demo', '--data', 'd', '--retrain', '--reference-epochs', '5'], c.print)).toBe(0);
      expect(jest.mocked(demo).mock.lastCall![0]).toEqual({ data: 'd', out: 'models/ml-100k', referenceEpochs: 5, retrain: true, quiet: false, print: c.print });

      jest.mocked(inspect).mockResolvedValueOnce({ config: {} });
      expect(await main(['inspect', '--data', 'e.csv', '--items', 'p.csv', '--columns', 'user=who', '--item-col', 'what', '--delimiter', 'tab'], c.print)).toBe(0);
      expect(jest.mocked(inspect).mock.lastCall![0]).toEqual({ data: 'e.csv', config: undefined, overrides: { data: { columns: { user: 'who', item: 'what' }, items: 'p.csv', delimiter: '\t' } }, print: c.print });

      jest.mocked(report).mockResolvedValueOnce(['m/report/index.html', 'a.png', 'a.svg']);
      expect(await main(['report', '--model', 'm'], c.print)).toBe(0);
      expect(jest.mocked(report).mock.lastCall![0]).toMatchObject({ model: 'm', out: undefined });
      expect(c.out.at(-1)).toBe('report written: m/report/index.html (2 figure files beside it)');
    } finally {
      if (backend === undefined) delete process.env.TWOTOWER_BACKEND;
      else process.env.TWOTOWER_BACKEND = backend;
    }
  });

  it('exits with 1 and the message when a command fails', async () => {
    jest.mocked(train).mockRejectedValueOnce(new Error('no ratings file in d'));
    const c = capture();
    expect(await main(['--data', 'd', '--out', 'o'], c.print)).toBe(1);
    c.restore();
    expect(c.err.join('')).toBe('twotower-train: no ratings file in d\n');
  });

  it('turns the data flags into data.* overrides, the --*-col flags over --columns', () => {
    expect(
      overridesFromFlags({ columns: 'user=customer, item=product,time=ts,rating=stars,weight=plays', 'item-col': 'sku', items: 'p.csv', users: 'u.jsonl', delimiter: ';', 'time-format': 'milliseconds' }),
    ).toEqual({
      data: { columns: { user: 'customer', item: 'sku', timestamp: 'ts', rating: 'stars', weight: 'plays' }, items: 'p.csv', users: 'u.jsonl', delimiter: ';', timestampFormat: 'milliseconds' },
    });
    expect(overridesFromFlags({ 'user-col': 'a', 'time-col': 'b', 'rating-col': 'c', 'weight-col': 'd', delimiter: 'tab' })).toEqual({ data: { columns: { user: 'a', timestamp: 'b', rating: 'c', weight: 'd' }, delimiter: '\t' } });
  });

  it('turns flags into nested config overrides', () => {
    expect(overridesFromFlags({ epochs: '3', layers: '64,32', logq: '0.5' })).toEqual({
      training: { epochs: 3 },
      model: { queryLayers: [64, 32], candidateLayers: [64, 32] },
      loss: { logQCorrection: 0.5 },
    });
    expect(overridesFromFlags({ members: '1' })).toEqual({ model: { members: 1 } });
  });
});
