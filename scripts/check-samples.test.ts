import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from './check-samples';
import { assemble, extractSamples, pageLineOf, parseFenceMeta } from './check-samples/extract';
import { prepareCpp, findSyntaxProblems } from './check-samples/tree-sitter';
import { findJsonProblem, findTomlProblem, findYamlProblem } from './check-samples/data-formats';
import { collectImportedNames, isBindingsSpecifier, stubModuleText } from './check-samples/stubs';

const SITE = path.join(import.meta.dirname, '__fixtures__', 'check-samples', 'site');

async function run(...argv: string[]): Promise<{ code: number; out: string[]; progress: string[] }> {
  const out: string[] = [];
  const progress: string[] = [];
  const code = await main(['--root', SITE, ...argv], {
    cwd: SITE,
    out: (line) => out.push(...line.split('\n')),
    progress: (line) => progress.push(line),
  });
  return { code, out, progress };
}

describe('check-samples on the fixture site (every version, every checker)', () => {
  let result: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    result = await run();
  }, 180_000);

  it('prints each failing block as path:line (language): message and exits 1', () => {
    expect(result.code).toBe(1);
    const failures = result.out.filter((line) => / \([a-z]+(?:, hidden context)?\): /.test(line));
    expect(failures.map((line) => line.replace(/^(\S+ \([^)]*\): (?:TS\d+|[A-Za-z ]+?)(?::| at| missing)).*$/, '$1'))).toEqual([
      // ctx.db.notes: no such table in the schema the page's other block declares
      'docs/00100-guide/00100-server.md:31 (typescript): TS2349:',
      'docs/00100-guide/00100-server.md:38 (typescript): TS2307:',
      'docs/00100-guide/00100-server.md:55 (typescript, hidden context): TS1109:',
      'docs/00100-guide/00100-server.md:78 (typescript): TS2305:',
      'docs/00100-guide/00100-server.md:81 (mdx): sample-context comment is not directly followed by a code block; it applies to the fence right after it',
      'docs/00100-guide/00200-client.mdx:26 (tsx): TS2345:',
      'docs/00100-guide/00200-client.mdx:37 (tsx): TS2554:',
      'docs/00100-guide/00200-client.mdx:43 (javascript): TS1136:',
      'docs/00100-guide/00300-native.md:23 (rust): syntax error at',
      'docs/00100-guide/00300-native.md:60 (csharp): syntax error at',
      'docs/00100-guide/00300-native.md:84 (cpp): syntax error:',
      'docs/00100-guide/00300-native.md:92 (json): JSON:',
      'docs/00100-guide/00300-native.md:105 (toml): TOML:',
      'docs/00100-guide/00300-native.md:109 (yaml): YAML:',
      // the 2.x schema({ ... }) form is wrong for 1.12.0, whose pages check against spacetimedb@1.12.0
      'versioned_docs/version-1.12.0/00100-guide/00100-server.md:24 (typescript): TS2769:',
      'versioned_docs/version-1.12.0/00100-guide/00100-server.md:24 (typescript): TS2345:',
      'versioned_docs/version-1.12.0/00100-guide/00100-server.md:26 (typescript): TS2345:',
    ]);
    expect(failures).toContain("docs/00100-guide/00100-server.md:38 (typescript): TS2307: Cannot find module './helpers' or its corresponding type declarations.");
    expect(failures).toContain("docs/00100-guide/00200-client.mdx:26 (tsx): TS2345: Argument of type 'string' is not assignable to parameter of type 'SetStateAction<number>'.");
    expect(failures).toContain('docs/00100-guide/00300-native.md:84 (cpp): syntax error: missing ";"');
    // named as the reader imports it, not as the alias it is checked against
    expect(failures).toContain(`docs/00100-guide/00100-server.md:78 (typescript): TS2305: Module '"spacetimedb/server"' has no exported member 'noSuchExport'.`);
  });

  it('passes the blocks that are right: multi-file imports, stubs, hidden context, lenient tsconfig, C++ macros', () => {
    const failing = (page: string, line: number) => result.out.some((l) => l.startsWith(`${page}:${line} `));
    // src/index.ts imports ./schema, declared by the page's title="src/schema.ts" block
    expect(failing('docs/00100-guide/00100-server.md', 17)).toBe(false);
    // the fragment completed by its hidden context
    expect(failing('docs/00100-guide/00100-server.md', 51)).toBe(false);
    // two blocks without imports declaring the same name: each block is a module of its own
    expect(failing('docs/00100-guide/00100-server.md', 68)).toBe(false);
    expect(failing('docs/00100-guide/00100-server.md', 72)).toBe(false);
    // App.tsx: ./module_bindings and vue are stubs, react and spacetimedb/react are real
    for (let line = 5; line <= 20; line++) expect(failing('docs/00100-guide/00200-client.mdx', line)).toBe(false);
    // the 1.12.0 API against spacetimedb@1.12.0
    for (let line = 7; line <= 16; line++) expect(failing('versioned_docs/version-1.12.0/00100-guide/00100-server.md', line)).toBe(false);
  });

  it('prints per language how many blocks were checked, passed and opted out, and the run time', () => {
    const table = result.out.slice(result.out.indexOf('') + 1);
    expect(table.slice(0, 13)).toEqual([
      'language    blocks  checked  passed  failed  opted out  skipped',
      'typescript      12       11       6       5          1        0',
      'rust             4        3       2       1          1        0',
      'json             3        3       2       1          0        0',
      'tsx              3        3       1       2          0        0',
      'cpp              2        2       1       1          0        0',
      'csharp           2        2       1       1          0        0',
      'javascript       2        2       1       1          0        0',
      'sql              1        0       0       0          0        1',
      'toml             1        1       0       1          0        0',
      'yaml             1        1       0       1          0        0',
      "skipped sql: no parser for SpacetimeDB's SQL subset is installed",
      'not code to check: bash 1',
    ]);
    expect(result.out.at(-1)).toMatch(/^check-samples: 14 of 28 checked block\(s\) passed, 14 failed, 2 opted out; 4 page\(s\) in \d+\.\d s$/);
  });

  it('says which spacetimedb each version is checked against', () => {
    expect(result.progress).toContain('docs: spacetimedb means spacetimedb@2.10.1 (node_modules/spacetimedb-v2)');
    expect(result.progress).toContain('versioned_docs/version-1.12.0: spacetimedb means spacetimedb@1.12.0 (node_modules/spacetimedb-v1)');
  });
});

describe('check-samples on named pages', () => {
  it('checks only those pages, and passes when they are right', async () => {
    const { code, out } = await run('docs/00100-guide/00300-native.md');
    expect(out.filter((line) => line.includes('(rust)'))).toEqual(['docs/00100-guide/00300-native.md:23 (rust): syntax error at "fn broken( {"']);
    expect(out.at(-1)).toMatch(/^check-samples: 6 of 12 checked block\(s\) passed, 6 failed, 1 opted out; 1 page\(s\) in/);
    expect(code).toBe(1);
  });

  it('rejects a path that is not a page of a docs tree, naming it', async () => {
    await expect(run('docs/nowhere.md')).rejects.toThrow('docs/nowhere.md: no such file');
    await expect(run('docusaurus.config.ts')).rejects.toThrow('docusaurus.config.ts: not a page of docs/ or of a versioned tree');
  });
});

describe('extractSamples', () => {
  it('reads fences, meta and hidden context with their page lines', () => {
    const page = [
      '---', // 1
      'title: x', // 2
      '---', // 3
      '', // 4
      '<Tabs groupId="server-language">', // 5
      '<TabItem value="rust">', // 6
      '', // 7
      '{/* sample-context', // 8
      '    fn wrap() {', // 9
      '    ---', // 10
      '    }', // 11
      '*/}', // 12
      '```rust title="src/lib.rs"', // 13
      'let x = 1;', // 14
      '```', // 15
      '', // 16
      '</TabItem>', // 17
      '</Tabs>', // 18
      '', // 19
      '```ts nocheck', // 20
      'fragment', // 21
      '```', // 22
    ].join('\n');
    const { samples, problems } = extractSamples(page);
    expect(problems).toEqual([]);
    expect(samples).toEqual([
      { line: 13, fence: 'rust', meta: { title: 'src/lib.rs' }, code: 'let x = 1;', nocheck: false, context: { before: 'fn wrap() {', after: '}', line: 8 } },
      { line: 20, fence: 'ts', meta: { nocheck: true }, code: 'fragment', nocheck: true },
    ]);
    const assembled = assemble(samples[0]);
    expect(assembled.text).toBe('fn wrap() {\nlet x = 1;\n}');
    expect([0, 1, 2].map((line) => pageLineOf(samples[0], assembled, line))).toEqual([
      { line: 9, hidden: true },
      { line: 14, hidden: false },
      { line: 11, hidden: true },
    ]);
  });

  it('reports a page that does not parse', () => {
    expect(extractSamples('---\ntitle: x\n---\n\n<div>\n').problems[0]).toMatchObject({ line: 5 });
  });

  it.each([
    ['nocheck', { nocheck: true }],
    ['title="a b.ts" {1,3} showLineNumbers', { title: 'a b.ts', '{1,3}': true, showLineNumbers: true }],
    ["title='x.ts' nocheck", { title: 'x.ts', nocheck: true }],
    ['', {}],
  ])('parseFenceMeta(%j)', (meta, expected) => {
    expect(parseFenceMeta(meta)).toEqual(expected);
  });
});

describe('C++ macros', () => {
  it.each([
    // file-level macros get the ; they expand to, and their arguments (not C++) are blanked
    ['SPACETIMEDB_STRUCT(Note, id, text)\nSPACETIMEDB_TABLE(Note, note, Public)\n', 'SPACETIMEDB_STRUCT(              );\nSPACETIMEDB_TABLE(                  );\n'],
    // a macro that opens a function body becomes a function definition
    ['SPACETIMEDB_REDUCER(add, ReducerContext ctx)\n{\n  return Ok();\n}', 'void SPACETIMEDB_REDUCER(                       )\n{\n  return Ok();\n}'],
    ['FIELD_Unique(note, id);\nint x;', 'FIELD_Unique(        );\nint x;'],
    // Unreal: export macros and declaring macros in a class body
    [
      'class MYGAME_API AThing : public AActor {\n  GENERATED_BODY()\n  UPROPERTY(EditAnywhere)\n  float Speed;\n};',
      'class            AThing : public AActor {\n  GENERATED_BODY();\n  UPROPERTY(            );\n  float Speed;\n};',
    ],
    // a call inside an expression, a statement in a body, strings and comments are left alone
    ['int f() {\n  return ok &&\n    CHECK_ALL(a)\n    && b;\n}', 'int f() {\n  return ok &&\n    CHECK_ALL(a)\n    && b;\n}'],
    ['auto s = "SPACETIMEDB_X(a)\\n";\n// SPACETIMEDB_Y(b)\n', 'auto s = "SPACETIMEDB_X(a)\\n";\n// SPACETIMEDB_Y(b)\n'],
    [
      'void g() {\n  LOG_INFO("hi " + name);\n}\nSPACETIMEDB_TABLE(A, a, Public)  // a comment\nFIELD_Index(a, b)',
      'void g() {\n  LOG_INFO("hi " + name);\n}\nSPACETIMEDB_TABLE(            );  // a comment\nFIELD_Index(    );',
    ],
  ])('prepareCpp(%j)', (input, expected) => {
    expect(prepareCpp(input)).toBe(expected);
  });

  it('parses a module written with SpacetimeDB macros, and still finds real errors', async () => {
    const module = 'struct A { int x; };\nSPACETIMEDB_STRUCT(A, x)\nSPACETIMEDB_TABLE(A, a, Public)\nSPACETIMEDB_REDUCER(go, ReducerContext ctx)\n{\n  return Ok();\n}\n';
    expect(await findSyntaxProblems('cpp', module)).toEqual([]);
    expect(await findSyntaxProblems('cpp', module.replace('return Ok();', 'return Ok()'))).toMatchObject([{ line: 5, message: 'syntax error: missing ";"' }]);
  });
});

describe('data formats', () => {
  it.each([
    ['{"a": 1}', undefined, undefined],
    ['{"a": 1,}', undefined, 0],
    ['{\n  "a": 1\n  "b": 2\n}', undefined, 2],
    ['{\n  // a comment\n  "a": [1, 2,],\n}', 'tsconfig.json', undefined],
    ['{\n  // a comment\n  "a": 1\n}', 'spacetime.json', undefined],
    ['{\n  // a comment\n  "a": 1\n}', 'package.json', 1],
    ['{\n  "a": 1\n  "b": 2\n}', 'tsconfig.json', 2],
  ])('findJsonProblem(%j, %j) -> line %j', (text, title, line) => {
    expect(findJsonProblem(text, title)?.line).toBe(line);
  });

  it('finds TOML and YAML problems on their lines', () => {
    expect(findTomlProblem('[a]\nb = 1\n')).toBeUndefined();
    expect(findTomlProblem('[a]\nb = 1\nb = 2\n')?.line).toBe(2);
    expect(findYamlProblem('a: 1\n---\nb: [2')).toMatchObject({ line: 2 });
    expect(findYamlProblem('a: 1\nb:\n  - 2\n')).toBeUndefined();
  });
});

describe('stubs', () => {
  it('recognises generated bindings wherever they are imported from', () => {
    expect(['./module_bindings', '../module_bindings/types', '@/module_bindings'].map(isBindingsSpecifier)).toEqual([true, true, true]);
    expect(['./bindings', 'spacetimedb', './module_bindings_old'].map(isBindingsSpecifier)).toEqual([false, false, false]);
  });

  it('collects the names a file takes from each module, through namespaces too', () => {
    const source = ts.createSourceFile(
      'x.ts',
      "import Conn, { tables, type Row as R } from './module_bindings';\nimport * as B from 'vue';\nexport { ref } from 'vue';\nB.computed(1); let y: B.Ref;",
      ts.ScriptTarget.ESNext,
      true,
    );
    expect(collectImportedNames(source)).toEqual([
      { specifier: './module_bindings', names: ['default', 'tables', 'Row'] },
      { specifier: 'vue', names: ['computed', 'Ref'] },
      { specifier: 'vue', names: ['ref'] },
    ]);
    expect(stubModuleText('vue', ['ref', 'default'])).toBe(
      '// Stub for "vue": generated bindings or a package that is not installed.\n' +
        'declare const __stub: any;\nexport default __stub;\n' +
        'export declare const ref: any;\nexport type ref<A = any, B = any, C = any, D = any> = any;\n',
    );
  });
});
