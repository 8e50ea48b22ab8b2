import React, { type ReactNode } from 'react';
import { useDocsSidebar } from '@docusaurus/plugin-content-docs/client';
import { useLocation } from '@docusaurus/router';
import type { PropSidebarItem, PropSidebarItemCategory } from '@docusaurus/plugin-content-docs';
import { CardLinkGrid } from './CardLinkGrid';
import type { Item } from './CardLink';

function containsPath(item: PropSidebarItem, pathname: string): boolean {
  if (item.type === 'link') return item.href === pathname;
  if (item.type === 'category') {
    return item.href === pathname || item.items.some((child) => containsPath(child, pathname));
  }
  return false;
}

/** The innermost category whose own page, or one of whose direct items, is the current page. */
function findCurrentCategory(
  items: PropSidebarItem[],
  pathname: string,
): PropSidebarItemCategory | undefined {
  for (const item of items) {
    if (item.type !== 'category' || !containsPath(item, pathname)) continue;
    return findCurrentCategory(item.items, pathname) ?? item;
  }
  return undefined;
}

function toItem(item: PropSidebarItem): Item | undefined {
  if (item.type === 'link') {
    return { href: item.href, label: item.label, docId: item.docId ?? undefined };
  }
  if (item.type === 'category' && item.href) return { href: item.href, label: item.label };
  return undefined;
}

/** The docs of the sidebar category the current page belongs to, as cards with their descriptions. */
export function DocsList(): ReactNode {
  const sidebar = useDocsSidebar();
  const { pathname } = useLocation();
  const category = sidebar ? findCurrentCategory(sidebar.items, pathname) : undefined;
  const items = (category?.items ?? [])
    .map(toItem)
    .filter((item): item is Item => item !== undefined && item.href !== pathname);
  if (items.length === 0) return null;
  return <CardLinkGrid items={items} />;
}

export default DocsList;
