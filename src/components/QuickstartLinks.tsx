import React, { type ReactNode } from 'react';
import type { SimpleIcon } from 'simple-icons';
import {
  siAngular,
  siAstro,
  siBun,
  siCplusplus,
  siDeno,
  siDotnet,
  siHtml5,
  siNextdotjs,
  siNodedotjs,
  siNuxt,
  siReact,
  siRemix,
  siRust,
  siSolid,
  siSvelte,
  siTanstack,
  siTypescript,
  siVuedotjs,
} from 'simple-icons';
import { useActiveDocContext, useLatestVersion } from '@docusaurus/plugin-content-docs/client';
import { BrandIcon } from './BrandIcon';
import { CardLinkGrid } from './CardLinkGrid';
import type { Item } from './CardLink';

/** Every quickstart any version has ever had, in reading order; each version shows the ones it contains. */
export const QUICKSTARTS: ReadonlyArray<{ docId: string; label: string; icon: SimpleIcon }> = [
  { docId: 'intro/quickstarts/react', label: 'React', icon: siReact },
  { docId: 'intro/quickstarts/nextjs', label: 'Next.js', icon: siNextdotjs },
  { docId: 'intro/quickstarts/vue', label: 'Vue', icon: siVuedotjs },
  { docId: 'intro/quickstarts/astro', label: 'Astro', icon: siAstro },
  { docId: 'intro/quickstarts/nuxt', label: 'Nuxt', icon: siNuxt },
  { docId: 'intro/quickstarts/svelte', label: 'Svelte', icon: siSvelte },
  { docId: 'intro/quickstarts/solid', label: 'SolidJS', icon: siSolid },
  { docId: 'intro/quickstarts/angular', label: 'Angular', icon: siAngular },
  { docId: 'intro/quickstarts/tanstack', label: 'TanStack Start', icon: siTanstack },
  { docId: 'intro/quickstarts/remix', label: 'Remix', icon: siRemix },
  { docId: 'intro/quickstarts/browser', label: 'Browser', icon: siHtml5 },
  { docId: 'intro/quickstarts/bun', label: 'Bun', icon: siBun },
  { docId: 'intro/quickstarts/deno', label: 'Deno', icon: siDeno },
  { docId: 'intro/quickstarts/nodejs', label: 'Node.js', icon: siNodedotjs },
  { docId: 'intro/quickstarts/typescript', label: 'TypeScript', icon: siTypescript },
  { docId: 'intro/quickstarts/rust', label: 'Rust', icon: siRust },
  { docId: 'intro/quickstarts/c-sharp', label: 'C#', icon: siDotnet },
  { docId: 'intro/quickstarts/cpp', label: 'C++', icon: siCplusplus },
];

/** A card with a logo for each quickstart that exists in the version being read. */
export function QuickstartLinks(): ReactNode {
  const { activeVersion } = useActiveDocContext(undefined);
  const latest = useLatestVersion(undefined);
  const version = activeVersion ?? latest;
  const pathById = new Map(version.docs.map((doc) => [doc.id, doc.path]));
  const items: Item[] = QUICKSTARTS.flatMap(({ docId, label, icon }) => {
    const href = pathById.get(docId);
    return href ? [{ href, label, icon: <BrandIcon icon={icon} /> }] : [];
  });
  return <CardLinkGrid items={items} />;
}

export default QuickstartLinks;
