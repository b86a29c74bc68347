import { runInNewContext } from 'node:vm';
import { exampleModules } from './example-modules';

describe('exampleModules', () => {
  const source = [
    "import { readFileSync } from 'node:fs';",
    "import { build, type Options } from '@twotower/x';",
    '',
    'const options: Options = { k: 3 };',
    'async function main(): Promise<void> {',
    '  const n = (await build(options)) as number;',
    '  console.log(n, readFileSync);',
    '}',
    'main();',
    '',
  ].join('\n');

  it('strips types, keeping imports for ESM and turning them into requires for CJS', () => {
    const m = exampleModules(source);
    expect(m.wrapped).toBe(false);
    expect(m.cjsSource).toBe(source);
    expect(m.esm).toContain("import { build } from '@twotower/x';");
    expect(m.esm).not.toContain('Options =');
    expect(m.esm).not.toContain(': Promise');
    expect(m.cjs).toContain('require("@twotower/x")');
    expect(m.cjs).toContain('require("node:fs")');
    expect(m.cjs).not.toMatch(/^import /m);
  });

  it('wraps a top-level await for CommonJS only, imports kept on top', () => {
    const m = exampleModules("import { load } from 'pkg';\nconst a = 1;\nconst x = await load(a);\nconsole.log(x);\n");
    expect(m.wrapped).toBe(true);
    expect(m.esm).toContain('await load(a)');
    expect(m.cjsSource.indexOf("import { load } from 'pkg';")).toBe(0);
    expect(m.cjsSource).toContain('(async () => {');
    // The CommonJS output runs: the body awaits inside the async function.
    const logged: unknown[] = [];
    const exports = {};
    const sandbox = {
      require: (id: string) => (id === 'pkg' ? { load: async (v: number) => v + 1 } : undefined),
      exports,
      module: { exports },
      console: { log: (...a: unknown[]) => logged.push(...a), error: () => undefined },
      process: { exitCode: 0 },
    };
    runInNewContext(m.cjs, sandbox);
    return new Promise<void>((resolve) => setImmediate(() => {
      expect(logged).toEqual([2]);
      resolve();
    }));
  });

  it('sees for-await at top level, but not an await inside a function or class', () => {
    expect(exampleModules('for await (const x of xs) console.log(x);\n').wrapped).toBe(true);
    expect(exampleModules('const f = async () => { await g(); };\nclass A { async m() { await g(); } }\n').wrapped).toBe(false);
  });

  it('names the line of a syntax error', () => {
    expect(() => exampleModules('const a = ;\n', { fileName: 'README.md#example' })).toThrow(/README\.md#example: not valid TypeScript: line 1:11/);
  });
});
