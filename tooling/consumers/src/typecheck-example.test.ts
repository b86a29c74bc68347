import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { typecheckExample } from './typecheck-example';

describe('typecheckExample', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'consumers-tc-'));
    // A CommonJS package with types, as the twotower packages ship.
    const pkg = join(dir, 'node_modules', 'demo');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: 'demo', version: '1.0.0', exports: { '.': { types: './dist/index.d.ts', require: './dist/index.js', default: './dist/index.js' } } }),
    );
    writeFileSync(join(pkg, 'dist', 'index.d.ts'), 'export declare function twice(x: number): number;\n');
    writeFileSync(join(pkg, 'dist', 'index.js'), 'exports.twice = (x) => 2 * x;\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // No @types/node in the fake project: keep `types` empty.
  const options = { compilerOptions: { types: [] } };

  it('passes ESM and CJS files that use the package correctly', () => {
    writeFileSync(join(dir, 'ok.mts'), "import { twice } from 'demo';\nconst n: number = twice(2);\nexport { n };\n");
    writeFileSync(join(dir, 'ok.cts'), "import { twice } from 'demo';\nconst n: number = twice(2);\nexport { n };\n");
    expect(typecheckExample(dir, [join(dir, 'ok.mts'), join(dir, 'ok.cts')], options)).toEqual([]);
  });

  it('names file, line and error code of a type error and of a missing export', () => {
    writeFileSync(join(dir, 'bad.mts'), "import { twice, thrice } from 'demo';\nconst s: string = twice(2);\nexport { s, thrice };\n");
    const errors = typecheckExample(dir, [join(dir, 'bad.mts')], options);
    expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/^bad\.mts:1:17 TS2305/), expect.stringMatching(/^bad\.mts:2:7 TS2322/)]));
  });
});
