import path from 'node:path';
import { createRequire } from 'node:module';
import { SITE_CONFIG_FILE } from './site-root';
import { loadSiteConfig } from './site-config';

/**
 * Fence languages the site renders on purpose although Prism has no grammar for them:
 * `mermaid` becomes a diagram when the config sets `markdown.mermaid`.
 */
const MERMAID = 'mermaid';

export interface HighlightedLanguages {
  /** Every name a fence may use: Prism's bundled languages, the config's additionalLanguages, their aliases. */
  names: Set<string>;
  /** Where the list came from, for messages. */
  source: string;
}

/**
 * The fence languages the site at `siteRoot` highlights, derived the way Docusaurus does it:
 * prism-react-renderer's bundled grammars, plus each `prism.additionalLanguages` entry of the
 * site's docusaurus.config.ts loaded from prismjs, plus every alias those grammars register.
 */
export async function loadHighlightedLanguages(siteRoot: string): Promise<HighlightedLanguages> {
  const configFile = path.join(siteRoot, SITE_CONFIG_FILE);
  const config = await loadSiteConfig(siteRoot);
  const additional = config.themeConfig?.prism?.additionalLanguages ?? [];
  if (!Array.isArray(additional) || !additional.every((name) => typeof name === 'string')) {
    throw new Error(`${configFile}: themeConfig.prism.additionalLanguages must be a list of language names`);
  }

  const names = await prismLanguageNames(additional);
  if (config.markdown?.mermaid) names.add(MERMAID);
  return { names, source: `prism-react-renderer + additionalLanguages in ${SITE_CONFIG_FILE}` };
}

type PrismLike = { languages: Record<string, unknown> };

let bundled: { prism: PrismLike; names: string[] } | undefined;
/** The names each additional grammar registered when it was loaded (grammars load once per process). */
const registeredBy = new Map<string, string[]>();

const grammarNames = (prism: PrismLike) => Object.keys(prism.languages).filter((name) => typeof prism.languages[name] === 'object');

/**
 * prism-react-renderer's grammar names plus those `additional` registers, loaded from prismjs the
 * way @docusaurus/theme-classic loads them (into the same Prism, with Prism as a global).
 */
async function prismLanguageNames(additional: string[]): Promise<Set<string>> {
  if (!bundled) {
    const { Prism } = (await import('prism-react-renderer')) as unknown as { Prism: PrismLike };
    bundled = { prism: Prism, names: grammarNames(Prism) };
  }
  const { prism } = bundled;
  const names = new Set(bundled.names);
  const require = createRequire(import.meta.url);
  // prismjs comes with the classic theme, which is how the site itself gets it.
  const themeRequire = createRequire(createRequire(require.resolve('@docusaurus/preset-classic')).resolve('@docusaurus/theme-classic'));
  for (const language of additional) {
    if (!registeredBy.has(language)) {
      const before = new Set(grammarNames(prism));
      const global = globalThis as { Prism?: unknown };
      const previous = global.Prism;
      global.Prism = prism;
      try {
        themeRequire(`prismjs/components/prism-${language}`);
      } catch {
        throw new Error(`prism.additionalLanguages names "${language}", which prismjs does not have`);
      } finally {
        global.Prism = previous;
      }
      // A grammar loaded by an earlier call registered nothing new; its own name is still its.
      registeredBy.set(language, [language, ...grammarNames(prism).filter((name) => !before.has(name))]);
    }
    for (const name of registeredBy.get(language)!) if (typeof prism.languages[name] === 'object') names.add(name);
  }
  return names;
}
