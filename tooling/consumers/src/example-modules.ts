import ts from 'typescript';

/** The README example in the four forms the consumer test writes into the consumer project. */
export interface ExampleModules {
  /** TypeScript source for an ES module consumer (`example.mts`): the block exactly as written. */
  esmSource: string;
  /** TypeScript source for a CommonJS consumer (`example.cts`): as written, or wrapped (see `wrapped`). */
  cjsSource: string;
  /** JavaScript run as an ES module (`example.mjs`): types stripped, imports kept. */
  esm: string;
  /** JavaScript run as CommonJS (`example.cjs`): types stripped, `import` turned into `require`. */
  cjs: string;
  /**
   * True when the example uses top-level `await`, which CommonJS cannot run: the CommonJS form then
   * keeps the imports at the top and runs the other statements inside `(async () => { ... })()`,
   * which is what a CommonJS user writes.
   */
  wrapped: boolean;
}

/** Options of {@link exampleModules}. */
export interface ExampleModulesOptions {
  /** File name used in diagnostics. Default `'example.ts'`. */
  fileName?: string;
  /** Language level of the emitted JavaScript. Default `ts.ScriptTarget.ES2022` (Node 20 runs it as is). */
  target?: ts.ScriptTarget;
}

/**
 * Turns a README's TypeScript example into runnable ES module and CommonJS JavaScript with
 * TypeScript's own single-file transpiler (types stripped, no type check: see `typecheck-example.ts`).
 *
 * @throws Error naming the file and line when the example is not valid TypeScript syntax.
 */
export function exampleModules(source: string, options: ExampleModulesOptions = {}): ExampleModules {
  const fileName = options.fileName ?? 'example.ts';
  const target = options.target ?? ts.ScriptTarget.ES2022;
  const sourceFile = ts.createSourceFile(fileName, source, target, true, ts.ScriptKind.TS);
  const syntaxErrors = (sourceFile as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (syntaxErrors.length > 0) {
    throw new Error(`${fileName}: not valid TypeScript: ${formatDiagnostics(syntaxErrors)}; fix the README's code block`);
  }
  const wrapped = hasTopLevelAwait(sourceFile);
  const cjsSource = wrapped ? wrapInAsyncMain(sourceFile) : source;
  const esm = transpile(source, fileName, ts.ModuleKind.ESNext, target);
  const cjs = transpile(cjsSource, fileName, ts.ModuleKind.CommonJS, target);
  return { esmSource: source, cjsSource, esm, cjs, wrapped };
}

function transpile(source: string, fileName: string, module: ts.ModuleKind, target: ts.ScriptTarget): string {
  const out = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { module, target, esModuleInterop: true, sourceMap: false, removeComments: false },
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new Error(`${fileName}: cannot transpile: ${formatDiagnostics(errors)}`);
  return out.outputText;
}

/** True when `await` (or `for await`) appears outside every function of the file. */
export function hasTopLevelAwait(sourceFile: ts.SourceFile): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return; // a new function scope
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return found;
}

/** Keeps import declarations at the top and puts every other statement in an async function it calls. */
function wrapInAsyncMain(sourceFile: ts.SourceFile): string {
  const text = sourceFile.getFullText();
  const imports: string[] = [];
  const body: string[] = [];
  for (const statement of sourceFile.statements) {
    const piece = text.slice(statement.getFullStart(), statement.getEnd());
    if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) imports.push(piece);
    else body.push(piece);
  }
  return [
    ...imports,
    '\n// CommonJS has no top-level await: the same statements, inside an async function.',
    '\n(async () => {',
    ...body,
    '\n})().catch((error: unknown) => {\n  console.error(error);\n  process.exitCode = 1;\n});\n',
  ].join('');
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      if (!d.file || d.start === undefined) return message;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `line ${line + 1}:${character + 1} ${message}`;
    })
    .join('; ');
}
