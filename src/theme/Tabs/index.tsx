import React, { useRef, type KeyboardEvent, type ReactNode, type SyntheticEvent } from 'react';
import clsx from 'clsx';
import { ThemeClassNames } from '@docusaurus/theme-common';
import {
  TabsProvider,
  sanitizeTabsChildren,
  useScrollPositionBlocker,
  useTabs,
  useTabsContextValue,
} from '@docusaurus/theme-common/internal';
import type { Props } from '@theme/Tabs';
import styles from './styles.module.css';

/**
 * The tab row: a click, Enter or Space selects a tab; the arrow keys, Home and End move between
 * tabs; only the selected tab is in the page's tab order.
 */
function TabList({ className }: { className?: string }): ReactNode {
  const { selectedValue, selectValue, tabValues, block } = useTabs();
  const tabs = useRef<Array<HTMLLIElement | null>>([]);
  const { blockElementScrollPositionUntilNextRender } = useScrollPositionBlocker();

  const select = (event: SyntheticEvent<HTMLLIElement>, index: number) => {
    const value = tabValues[index]!.value;
    if (value === selectedValue) return;
    // Keep the clicked tab where it is on screen while content above it changes height.
    blockElementScrollPositionUntilNextRender(event.currentTarget);
    selectValue(value);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>, index: number) => {
    const count = tabValues.length;
    const move = { ArrowRight: index + 1, ArrowLeft: index - 1 + count, Home: 0, End: count - 1 }[event.key];
    if (move !== undefined) {
      event.preventDefault();
      tabs.current[move % count]?.focus();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select(event, index);
    }
  };

  return (
    <ul role="tablist" aria-orientation="horizontal" className={clsx('tabs', { 'tabs--block': block }, className)}>
      {tabValues.map(({ value, label, attributes }, index) => (
        <li
          key={value}
          role="tab"
          tabIndex={selectedValue === value ? 0 : -1}
          aria-selected={selectedValue === value}
          ref={(element) => {
            tabs.current[index] = element;
          }}
          onClick={(event) => select(event, index)}
          onKeyDown={(event) => onKeyDown(event, index)}
          {...attributes}
          className={clsx('tabs__item', styles.tab, attributes?.className as string | undefined, {
            'tabs__item--active': selectedValue === value,
          })}>
          {label ?? value}
        </li>
      ))}
    </ul>
  );
}

/**
 * Tabs (replaces @docusaurus/theme-classic's), with two differences:
 * - Only the selected panel is rendered (`lazy` defaults to true; a page can pass lazy={false}):
 *   long pages carry every example in four languages, and rendering and hydrating all of them
 *   cost phones seconds.
 * - No re-mount after hydration. The original gives its provider a key that changes once the
 *   page is interactive, which rebuilt every tab group, and every code block in it, on every page
 *   load. The reader's stored or linked choice (groupId / queryString) is applied by the tabs
 *   state itself in a layout effect right after hydration, so only groups whose choice differs
 *   from the default re-render.
 */
export default function Tabs(props: Props): ReactNode {
  const value = useTabsContextValue({ ...props, lazy: props.lazy ?? true });
  return (
    <TabsProvider value={value}>
      <div className={clsx(ThemeClassNames.tabs.container, 'tabs-container', styles.tabs)}>
        <TabList className={props.className} />
        <div className="margin-top--md">{sanitizeTabsChildren(props.children)}</div>
      </div>
    </TabsProvider>
  );
}
