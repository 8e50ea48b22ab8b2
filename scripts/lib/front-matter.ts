import { parseDocument } from 'yaml';

/** The YAML front matter block at the top of a markdown page. */
export interface FrontMatter {
  data: Record<string, unknown>;
  /** Offsets of the whole block, fences included, in the text passed in. */
  start: number;
  end: number;
}

/** A front matter block that is not valid YAML or not a mapping; `line` is 1-based in the page. */
export class FrontMatterError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
  ) {
    super(`front matter: ${reason}`);
  }
}

// `---` on the first line (after an optional BOM), then anything, then a line holding only `---`.
const FRONT_MATTER = /^(\uFEFF?)---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/**
 * Read the front matter the way Docusaurus finds it: a `---` fenced YAML mapping that opens the
 * file. Returns undefined when the page has none; throws FrontMatterError when it does not parse.
 */
export function readFrontMatter(text: string): FrontMatter | undefined {
  const match = FRONT_MATTER.exec(text);
  if (!match) return undefined;
  const yamlText = match[2] ?? '';
  const document = parseDocument(yamlText, { prettyErrors: false });
  if (document.errors.length > 0) {
    const error = document.errors[0];
    // +1 for the opening fence line, +1 because linePos is 1-based already → the fence is line 1.
    const line = (error.linePos?.[0]?.line ?? 1) + 1;
    throw new FrontMatterError(error.message.split('\n')[0], line);
  }
  const data: unknown = document.toJS();
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    throw new FrontMatterError('expected a YAML mapping (key: value lines)', 2);
  }
  return { data: (data ?? {}) as Record<string, unknown>, start: match[1].length, end: match[0].length };
}

/**
 * The front matter fields among `keys`, parsing the YAML only when one of them may be there: a
 * route map of thousands of pages needs three fields, and most pages set none of them.
 */
export function readFrontMatterFields(text: string, keys: string[]): Record<string, unknown> {
  const match = FRONT_MATTER.exec(text);
  if (!match) return {};
  const yamlText = match[2] ?? '';
  const trimmed = yamlText.trimStart();
  const mentioned = keys.some((key) => new RegExp(`^["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`, 'm').test(yamlText));
  // A flow mapping (`{slug: x}`) or anchors/aliases could hide a key from the line check.
  if (!mentioned && !trimmed.startsWith('{') && !/^[ \t]*<<\s*:/m.test(yamlText)) return {};
  const data = readFrontMatter(text)?.data ?? {};
  return Object.fromEntries(keys.filter((key) => key in data).map((key) => [key, data[key]]));
}
