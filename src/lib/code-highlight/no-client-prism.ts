// Stands in for @docusaurus/theme-classic's prism-include-languages client module in the browser
// bundle (src/plugins/code-highlight.ts): Prism's grammars load with the highlighter chunk instead.
export {};
