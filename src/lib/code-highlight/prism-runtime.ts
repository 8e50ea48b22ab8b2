// The browser's highlighter chunk: prism-react-renderer's Prism plus the site's additional
// languages (themeConfig.prism.additionalLanguages, registered the way @docusaurus/theme-classic does).
import { Prism, normalizeTokens } from 'prism-react-renderer';
import prismIncludeLanguages from '@theme/prism-include-languages';
import { createHighlighter } from './html';

prismIncludeLanguages(Prism);

export const highlight = createHighlighter(Prism, normalizeTokens);
