import ts from 'typescript';
import YAML from 'yaml';
import { parse as parseToml, TomlError } from 'smol-toml';

export interface ParseProblem {
  /** 0-based line in the parsed text. */
  line: number;
  message: string;
}

/**
 * JSON files that their readers accept with comments and trailing commas: TypeScript's config
 * files, and spacetime.json, which the CLI reads as JSON5. A block titled with one of these
 * names is parsed leniently; every other json block must be strict JSON.
 */
export const LENIENT_JSON_FILE = /(?:^|\/)(?:[tj]sconfig[^/]*\.json|spacetime[^/]*\.json|[^/]+\.jsonc|[^/]+\.json5)$/;

export function findJsonProblem(text: string, title?: string): ParseProblem | undefined {
  if (title !== undefined && LENIENT_JSON_FILE.test(title)) {
    const file = ts.parseJsonText(title, text);
    const diagnostic = (file as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics?.[0];
    if (!diagnostic) return undefined;
    return {
      line: file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line,
      message: `JSON (with comments, as ${title} allows): ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`,
    };
  }
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length - 1 : 0;
    return { line, message: `JSON: ${message.replace(/^JSON\.parse: /, '')}` };
  }
}

export function findTomlProblem(text: string): ParseProblem | undefined {
  try {
    parseToml(text);
    return undefined;
  } catch (error) {
    if (error instanceof TomlError) {
      return { line: Math.max(0, error.line - 1), message: `TOML: ${error.message.split('\n')[0]}` };
    }
    throw error;
  }
}

export function findYamlProblem(text: string): ParseProblem | undefined {
  for (const document of YAML.parseAllDocuments(text, { prettyErrors: false })) {
    const errors = 'errors' in document ? document.errors : [];
    if (errors.length > 0) {
      const error = errors[0];
      return { line: text.slice(0, error.pos[0]).split('\n').length - 1, message: `YAML: ${error.message.split('\n')[0]}` };
    }
  }
  return undefined;
}
