/**
 * How each fence language is checked. Names are the ones a fence may use (Prism's names and
 * aliases, see scripts/lib/highlight-languages.ts); `language` is the name runs report under.
 */
export type Checker = 'typescript' | 'tree-sitter' | 'json' | 'toml' | 'yaml' | 'skip';

export interface LanguageRule {
  language: string;
  checker: Checker;
  /** For typescript: the virtual file's extension. For tree-sitter: the grammar. For skip: why. */
  detail: string;
}

const rule = (language: string, checker: Checker, detail: string): LanguageRule => ({ language, checker, detail });

const TYPESCRIPT = rule('typescript', 'typescript', '.ts');
const TSX = rule('tsx', 'typescript', '.tsx');
const JAVASCRIPT = rule('javascript', 'typescript', '.js');
const JSX = rule('jsx', 'typescript', '.jsx');
const RUST = rule('rust', 'tree-sitter', 'rust');
const CSHARP = rule('csharp', 'tree-sitter', 'c_sharp');
const CPP = rule('cpp', 'tree-sitter', 'cpp');
const JSON_RULE = rule('json', 'json', '');
const TOML = rule('toml', 'toml', '');
const YAML_RULE = rule('yaml', 'yaml', '');
const SQL = rule('sql', 'skip', "no parser for SpacetimeDB's SQL subset is installed");

/** Fence language (lower-cased) -> how its blocks are checked. Languages not listed are not code to check. */
export const LANGUAGE_RULES: ReadonlyMap<string, LanguageRule> = new Map([
  ['typescript', TYPESCRIPT],
  ['ts', TYPESCRIPT],
  ['tsx', TSX],
  ['javascript', JAVASCRIPT],
  ['js', JAVASCRIPT],
  ['jsx', JSX],
  ['rust', RUST],
  ['rs', RUST],
  ['csharp', CSHARP],
  ['cs', CSHARP],
  ['dotnet', CSHARP],
  ['cpp', CPP],
  ['c++', CPP],
  ['json', JSON_RULE],
  ['toml', TOML],
  ['yaml', YAML_RULE],
  ['yml', YAML_RULE],
  ['sql', SQL],
]);

export function ruleFor(fenceLanguage: string): LanguageRule | undefined {
  return LANGUAGE_RULES.get(fenceLanguage.toLowerCase());
}
