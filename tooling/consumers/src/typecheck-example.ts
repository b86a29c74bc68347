import { join } from 'node:path';
import ts from 'typescript';

/** Options of {@link typecheckExample}. */
export interface TypecheckExampleOptions {
  /** Extra compiler options over the consumer defaults (strict, NodeNext, ES2022, skipLibCheck). */
  compilerOptions?: ts.CompilerOptions;
}

/**
 * Type-checks files of a consumer project as a TypeScript user of the packages would: `strict`,
 * `module`/`moduleResolution` `NodeNext` (so `.mts` files resolve the packages' `import` conditions
 * and `.cts` files their `require` conditions), types from the project's own `node_modules`.
 *
 * @param projectDir The consumer project (its `node_modules/@types` gives the ambient types).
 * @param files Absolute paths of the `.mts` / `.cts` files to check.
 * @returns One formatted line per error (file:line:column message); empty when the files check.
 */
export function typecheckExample(projectDir: string, files: readonly string[], options: TypecheckExampleOptions = {}): string[] {
  const compilerOptions: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    esModuleInterop: true,
    types: ['node'],
    typeRoots: [join(projectDir, 'node_modules', '@types')],
    ...options.compilerOptions,
  };
  const host = ts.createCompilerHost(compilerOptions);
  host.getCurrentDirectory = () => projectDir;
  const program = ts.createProgram({ rootNames: [...files], options: compilerOptions, host });
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (!d.file || d.start === undefined) return `TS${d.code}: ${message}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    const name = d.file.fileName.startsWith(projectDir) ? d.file.fileName.slice(projectDir.length + 1) : d.file.fileName;
    return `${name}:${line + 1}:${character + 1} TS${d.code}: ${message}`;
  });
}
