// The browser's highlighter chunk: prism-react-renderer's Prism plus the site's additional
// languages (themeConfig.prism.additionalLanguages, registered the way @docusaurus/theme-classic does).
import { Prism, normalizeTokens } from 'prism-react-renderer';
import prismIncludeLanguages from '@theme/prism-include-languages';
import { linesToHtml, tokenizeLines, type LinesOptions } from './html';

prismIncludeLanguages(Prism);

export function highlight(code: string, language: string, options: LinesOptions): string {
  return linesToHtml(tokenizeLines(Prism, normalizeTokens, code, language), options);
}
