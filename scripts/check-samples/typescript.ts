import path from 'node:path';
import { isBuiltin } from 'node:module';
import ts from 'typescript';
import { assemble, pageLineOf, type AssembledSample, type Sample } from './extract';
import { stubModuleText, isBindingsSpecifier, collectImportedNames } from './stubs';

/** One TypeScript/JavaScript block to check, with what it needs to be checked as its page's version. */
export interface TsSample {
  /** Identifies the block in the results. */
  key: number;
  /** The page, relative to the site root (`docs/00200-core-concepts/00300-tables.md`). */
  page: string;
  sample: Sample;
  /** `.ts`, `.tsx`, `.js` or `.jsx`: how an untitled block is compiled. */
  extension: string;
  /** The folder name under node_modules that `spacetimedb` means for this page (`spacetimedb-v2`). */
  spacetimedbPackage: string;
  /** False for opted-out blocks, which are compiled only so that other blocks can import them. */
  report: boolean;
}

export interface SampleFailure {
  key: number;
  /** Line in the page. */
  line: number;
  /** True when the problem is in the block's hidden context. */
  hidden: boolean;
  message: string;
}

/**
 * The compiler options a reader's project would have: strict TypeScript for a bundler, as the
 * SpacetimeDB templates set it up, with DOM and Node types for clients. Implicit `any` is allowed
 * because callbacks handed to stubbed modules (generated bindings) get no parameter types.
 */
export const SAMPLE_COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noImplicitAny: false,
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  jsx: ts.JsxEmit.ReactJSX,
  lib: ['lib.esnext.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: ['node'],
  allowJs: true,
  checkJs: false,
  isolatedModules: true,
  allowImportingTsExtensions: true,
  skipLibCheck: true,
  noEmit: true,
};

const SCRIPT_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SPACETIMEDB = /^spacetimedb(?=\/|$)/;

/**
 * Type-check every block in one TypeScript program: one virtual file per block (under
 * `<site>/.check-samples/<page>/`, never written to disk), `spacetimedb` resolved to the package
 * of the block's version, generated bindings and packages that are not installed resolved to
 * stubs whose exports are `any`. A block titled `title="src/schema.ts"` can be imported by the
 * other blocks of its page under that name.
 */
export function checkTypeScriptSamples(siteRoot: string, samples: TsSample[]): SampleFailure[] {
  const options = { ...SAMPLE_COMPILER_OPTIONS };
  const virtualRoot = path.join(siteRoot, '.check-samples');
  // `imports` is a first parse, to see what the block imports before the program exists; the
  // program parses the text again itself, with the options that make every block a module.
  const files = new Map<string, { sample: TsSample; assembled: AssembledSample; imports: ts.SourceFile; home?: string }>();
  const virtualDirs = new Set<string>();

  for (const item of samples) {
    const assembled = assemble(item.sample);
    const pageDir = path.join(virtualRoot, item.page.replace(/\.mdx?$/, ''));
    const title = typeof item.sample.meta.title === 'string' ? safeRelativePath(item.sample.meta.title) : undefined;
    let file = title && SCRIPT_EXTENSION.test(title) ? path.join(pageDir, title) : path.join(pageDir, `block-line-${item.sample.line}${item.extension}`);
    let home: string | undefined;
    if (files.has(file)) {
      // The same file shown again later on the page: keep both, and let the later one import
      // the page's other files from where the first one lives.
      home = file;
      file = path.join(pageDir, `.line-${item.sample.line}`, path.relative(pageDir, file));
    }
    const imports = ts.createSourceFile(file, assembled.text, ts.ScriptTarget.ESNext, true, scriptKindOf(file));
    files.set(file, { sample: item, assembled, imports, home });
    for (let dir = path.dirname(file); dir.startsWith(virtualRoot); dir = path.dirname(dir)) virtualDirs.add(dir);
  }

  const host = ts.createCompilerHost(options, true);
  const real = { getSourceFile: host.getSourceFile, fileExists: host.fileExists, readFile: host.readFile, directoryExists: host.directoryExists };
  const moduleCache = ts.createModuleResolutionCache(siteRoot, (name) => name, options);

  const stubFiles = new Map<string, string>(); // specifier -> stub file
  const stubTexts = new Map<string, string>(); // stub file -> text
  host.getCurrentDirectory = () => siteRoot;
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const own = files.get(fileName);
    if (own) return ts.createSourceFile(fileName, own.assembled.text, languageVersion, true, scriptKindOf(fileName));
    const stub = stubTexts.get(fileName);
    if (stub !== undefined) return ts.createSourceFile(fileName, stub, ts.ScriptTarget.ESNext, true, ts.ScriptKind.TS);
    return real.getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate);
  };
  host.fileExists = (fileName) => files.has(fileName) || stubTexts.has(fileName) || real.fileExists.call(host, fileName);
  host.readFile = (fileName) => files.get(fileName)?.assembled.text ?? stubTexts.get(fileName) ?? real.readFile.call(host, fileName);
  host.directoryExists = (dir) => virtualDirs.has(dir) || (real.directoryExists?.call(host, dir) ?? ts.sys.directoryExists(dir));
  host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference, compilerOptions) =>
    literals.map((literal) => {
      const own = files.get(containingFile);
      let specifier = literal.text;
      if (own) {
        const stub = stubFiles.get(specifier);
        if (stub) return { resolvedModule: { resolvedFileName: stub, extension: ts.Extension.Dts, isExternalLibraryImport: false } };
        specifier = specifier.replace(SPACETIMEDB, own.sample.spacetimedbPackage);
      }
      const resolve = (from: string) =>
        ts.resolveModuleName(specifier, from, compilerOptions, host, moduleCache, redirectedReference).resolvedModule;
      let resolved = resolve(containingFile);
      if (!resolved && own?.home && specifier.startsWith('.')) resolved = resolve(own.home);
      return { resolvedModule: resolved };
    });


  // Decide which imports get stubs, and which names each stub must export.
  const stubNames = new Map<string, Set<string>>(); // specifier -> imported names
  const stubbedSpecifiers = new Set<string>();
  for (const { imports: source } of files.values()) {
    for (const { specifier, names } of collectImportedNames(source)) {
      const stubbed =
        isBindingsSpecifier(specifier) ||
        (!specifier.startsWith('.') &&
          !SPACETIMEDB.test(specifier) &&
          !isBuiltin(specifier) &&
          !ts.resolveModuleName(specifier, source.fileName, options, host, moduleCache).resolvedModule);
      if (!stubbed) continue;
      stubbedSpecifiers.add(specifier);
      const set = stubNames.get(specifier) ?? new Set<string>();
      for (const name of names) set.add(name);
      stubNames.set(specifier, set);
    }
  }
  let stubIndex = 0;
  for (const specifier of stubbedSpecifiers) {
    const file = path.join(virtualRoot, '__stubs__', `${stubIndex++}.d.ts`);
    stubFiles.set(specifier, file);
    stubTexts.set(file, stubModuleText(specifier, stubNames.get(specifier)!));
  }
  virtualDirs.add(path.join(virtualRoot, '__stubs__'));

  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  const setup = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  if (setup.length > 0) {
    throw new Error(`the TypeScript setup for samples is broken: ${setup.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ')}`);
  }

  const checker = program.getTypeChecker();
  const failures: SampleFailure[] = [];
  for (const [file, { sample, assembled }] of files) {
    if (!sample.report) continue;
    const source = program.getSourceFile(file)!;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    const stubbedNames = localNamesFromStubs(source, stubFiles);
    for (const diagnostic of diagnostics) {
      if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
      if (isArgumentCountFromStub(diagnostic, source, checker, stubbedNames)) continue;
      const at = diagnostic.start === undefined ? 0 : source.getLineAndCharacterOfPosition(diagnostic.start).line;
      const where = pageLineOf(sample.sample, assembled, at);
      failures.push({ key: sample.key, line: where.line, hidden: where.hidden, message: `TS${diagnostic.code}: ${formatMessage(diagnostic.messageText)}` });
    }
  }
  return failures;
}

/** TS2554/TS2555: a call has the wrong number of arguments. */
const ARGUMENT_COUNT_CODES = new Set([2554, 2555]);

/** The local names a file binds to imports that resolve to stubs. */
function localNamesFromStubs(source: ts.SourceFile, stubFiles: Map<string, string>): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!stubFiles.has(statement.moduleSpecifier.text)) continue;
    const clause = statement.importClause;
    if (clause?.name) names.add(clause.name.text);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
  }
  return names;
}

/**
 * An argument-count error on a function made from stubbed bindings is the stub's doing, not the
 * sample's: `const clear = useReducer(reducers.clearAll); clear()` takes no arguments with the
 * real generated bindings, but `useReducer(any)` demands one. Such errors are dropped; every
 * other error in the call is still reported.
 */
function isArgumentCountFromStub(diagnostic: ts.Diagnostic, source: ts.SourceFile, checker: ts.TypeChecker, stubbed: Set<string>): boolean {
  if (!ARGUMENT_COUNT_CODES.has(diagnostic.code) || diagnostic.start === undefined || stubbed.size === 0) return false;
  let call: ts.CallExpression | undefined;
  const find = (node: ts.Node) => {
    if (diagnostic.start! < node.getStart(source) || diagnostic.start! >= node.getEnd()) return;
    if (ts.isCallExpression(node)) call = node;
    ts.forEachChild(node, find);
  };
  find(source);
  if (!call || !ts.isIdentifier(call.expression)) return false;
  const declaration = checker.getSymbolAtLocation(call.expression)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
  let fromStub = false;
  const visit = (node: ts.Node) => {
    if (fromStub) return;
    if (ts.isIdentifier(node) && stubbed.has(node.text)) fromStub = true;
    else ts.forEachChild(node, visit);
  };
  visit(declaration.initializer);
  return fromStub;
}

/** The first two levels of a diagnostic chain on one line: enough to act on, short enough to read. */
function formatMessage(text: string | ts.DiagnosticMessageChain): string {
  const lines = ts
    .flattenDiagnosticMessageText(text, '\n')
    // The reader imports "spacetimedb/server", not the alias this checker resolves it to.
    .replace(/(["'])spacetimedb-v\d+((?:\/[^"']*)?)\1/g, '$1spacetimedb$2$1')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const shown = lines.slice(0, 2).join(' ');
  return shown.length > 400 ? `${shown.slice(0, 397)}...` : shown;
}

/** A title as a path below the page's folder: no leading `/`, no way out with `..`. */
function safeRelativePath(title: string): string {
  return path.posix.normalize(title.replace(/\\/g, '/')).replace(/^(?:\.\.\/|\/)+/, '');
}

function scriptKindOf(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}
