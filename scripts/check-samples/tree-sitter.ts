import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Language, Parser, type Node as SyntaxNode } from 'web-tree-sitter';

/** Grammar name (as tree-sitter spells it) -> the npm package that is the grammar's own project. */
const OWN_PACKAGE: Record<string, string> = {
  rust: 'tree-sitter-rust',
  c_sharp: 'tree-sitter-c-sharp',
  cpp: 'tree-sitter-cpp',
};

export interface SyntaxProblem {
  /** 0-based line in the parsed text. */
  line: number;
  column: number;
  message: string;
}

export interface GrammarInfo {
  grammar: string;
  /** The .wasm file in use, for the run's header. */
  file: string;
}

const require = createRequire(import.meta.url);
let initialised: Promise<void> | undefined;
const parsers = new Map<string, Promise<{ parser: Parser; file: string }>>();

/**
 * The WASM grammar for `grammar`: the grammar's own npm package when it is installed (newer,
 * knows recent syntax), else the prebuilt one from tree-sitter-wasms.
 */
export function grammarFile(grammar: string): string {
  const own = OWN_PACKAGE[grammar];
  if (own) {
    const file = packageFile(own, `tree-sitter-${grammar}.wasm`);
    if (file) return file;
  }
  const bundled = packageFile('tree-sitter-wasms', path.join('out', `tree-sitter-${grammar}.wasm`));
  if (!bundled) throw new Error(`no tree-sitter grammar for ${grammar}: install tree-sitter-wasms (or ${own ?? `tree-sitter-${grammar}`})`);
  return bundled;
}

function packageFile(pkg: string, file: string): string | undefined {
  let dir: string;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return undefined;
  }
  const full = path.join(dir, file);
  return fs.existsSync(full) ? full : undefined;
}

async function parserFor(grammar: string): Promise<{ parser: Parser; file: string }> {
  let entry = parsers.get(grammar);
  if (!entry) {
    entry = (async () => {
      initialised ??= Parser.init();
      await initialised;
      const file = grammarFile(grammar);
      const parser = new Parser();
      parser.setLanguage(await Language.load(file));
      return { parser, file };
    })();
    parsers.set(grammar, entry);
  }
  return entry;
}

export async function grammarInfo(grammar: string): Promise<GrammarInfo> {
  return { grammar, file: (await parserFor(grammar)).file };
}

/** Syntax errors tree-sitter finds in `text` (the first few, in order); empty when it parses. */
export async function findSyntaxProblems(grammar: string, text: string, limit = 3): Promise<SyntaxProblem[]> {
  const { parser } = await parserFor(grammar);
  const source = grammar === 'cpp' ? prepareCpp(text) : text;
  const tree = parser.parse(source);
  if (!tree) throw new Error(`tree-sitter could not parse a ${grammar} block`);
  try {
    if (!tree.rootNode.hasError) return [];
    const problems: SyntaxProblem[] = [];
    const visit = (node: SyntaxNode) => {
      if (problems.length >= limit) return;
      if (node.isMissing) {
        problems.push({ line: node.startPosition.row, column: node.startPosition.column, message: `syntax error: missing ${describe(node.type)}` });
        return;
      }
      if (node.isError) {
        const text = node.text.split('\n')[0].trim();
        const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
        problems.push({
          line: node.startPosition.row,
          column: node.startPosition.column,
          message: shown ? `syntax error at ${JSON.stringify(shown)}` : 'syntax error',
        });
        return;
      }
      if (!node.hasError) return;
      for (const child of node.children) if (child) visit(child);
    };
    visit(tree.rootNode);
    return problems.length > 0 ? problems : [{ line: 0, column: 0, message: 'syntax error' }];
  } finally {
    tree.delete();
  }
}

function describe(type: string): string {
  return /^[a-z_]+$/.test(type) ? type.replace(/_/g, ' ') : JSON.stringify(type);
}

/**
 * C++ modules are written with macros the preprocessor would expand (SPACETIMEDB_STRUCT(...),
 * SPACETIMEDB_REDUCER(name, ctx, ...) { ... }, UPROPERTY(...), FOO_API); tree-sitter sees them
 * unexpanded. Make each such use parse the way its expansion does, on the same lines:
 *  - an all-caps macro call that opens a line and is followed by a body `{` at file level becomes
 *    a function definition (`void SPACETIMEDB_REDUCER(add, ReducerContext ctx) { ... }`);
 *  - one followed on a later line by a new declaration (or nothing) gets the `;` it expands to;
 *  - the arguments of these, and of any macro call at file level, are blanked: they are tokens
 *    for the preprocessor (a name, `Type&, Name` pairs), not C++; a macro call ending in `;`
 *    inside a body (LOG_INFO("..." + name);) keeps its arguments, which are expressions;
 *  - `class FOO_API Name` loses its export macro.
 * Positions stay put: blanked text keeps its newlines, insertions add no line.
 */
export function prepareCpp(text: string): string {
  let out = text.replace(/\b(class|struct)(\s+)([A-Z][A-Z0-9_]*_API)\b/g, (_, keyword: string, space: string, macro: string) => `${keyword}${space}${' '.repeat(macro.length)}`);
  const inserts: Array<{ at: number; text: string }> = [];
  const blanks: Array<{ from: number; to: number }> = [];
  let depth = 0;
  let i = 0;
  let lineStart = true;
  while (i < out.length) {
    const ch = out[i];
    if (ch === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    const skipped = skipLiteralOrComment(out, i);
    if (skipped > i) {
      i = skipped;
      lineStart = false;
      continue;
    }
    if (lineStart) {
      const macro = /^[A-Z][A-Z0-9]+(?:_[A-Za-z0-9]+)*\s*\(/.exec(out.slice(i, i + 200));
      if (macro) {
        const close = matchParen(out, i + macro[0].length - 1);
        if (close > 0) {
          // What comes next, past blanks and comments, and whether a line ended on the way.
          let next = close + 1;
          let newline = false;
          for (;;) {
            const skipped = skipLiteralOrComment(out, next);
            if (skipped > next && out[next] === '/') {
              newline ||= out[next + 1] === '/' || out.slice(next, skipped).includes('\n');
              next = skipped;
            } else if (/\s/.test(out.charAt(next))) {
              newline ||= out[next] === '\n';
              next++;
            } else {
              break;
            }
          }
          const following = out.charAt(next);
          const opensBody = following === '{' && depth === 0;
          const endsDeclaration = following === '' || (newline && /[A-Za-z_#}\[~]/.test(following));
          if (opensBody) inserts.push({ at: i, text: 'void ' });
          else if (endsDeclaration) inserts.push({ at: close + 1, text: ';' });
          // A declaring macro's arguments are tokens for the preprocessor, not C++ (a name, then
          // `Type&, Name` pairs, `Category = "x"`): blank them, keeping the lines.
          if (opensBody || endsDeclaration || depth === 0) blanks.push({ from: i + macro[0].length, to: close });
          i = close + 1;
          lineStart = false;
          continue;
        }
      }
    }
    lineStart = false;
    if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    i++;
  }
  for (const { from, to } of blanks) out = out.slice(0, from) + out.slice(from, to).replace(/[^\n]/g, ' ') + out.slice(to);
  for (const insert of inserts.reverse()) out = out.slice(0, insert.at) + insert.text + out.slice(insert.at);
  return out;
}

/** The index after a string, character literal or comment starting at `i`, or `i` itself. */
function skipLiteralOrComment(text: string, i: number): number {
  const ch = text[i];
  if (ch === '/' && text[i + 1] === '/') {
    const end = text.indexOf('\n', i);
    return end < 0 ? text.length : end;
  }
  if (ch === '/' && text[i + 1] === '*') {
    const end = text.indexOf('*/', i + 2);
    return end < 0 ? text.length : end + 2;
  }
  if (ch === 'R' && text[i + 1] === '"') {
    const open = /^R"([^(\s]*)\(/.exec(text.slice(i, i + 20));
    if (open) {
      const end = text.indexOf(`)${open[1]}"`, i + open[0].length);
      return end < 0 ? text.length : end + open[1].length + 2;
    }
  }
  if (ch === '"' || ch === "'") {
    let j = i + 1;
    while (j < text.length && text[j] !== ch && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
    return j + 1;
  }
  return i;
}

/** The index of the `)` matching the `(` at `open`, or -1. */
function matchParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; ) {
    const skipped = skipLiteralOrComment(text, i);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
    i++;
  }
  return -1;
}
