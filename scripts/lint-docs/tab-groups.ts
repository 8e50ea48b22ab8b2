/**
 * The tab groups pages share (CONTENT.md): code for each module language in `server-language`
 * tabs, code for each client SDK in `client-language` tabs. Tabs of one group switch together
 * across the site and remember the reader's choice, which only works when every page uses the
 * same groupId and the same values, so the lint holds pages to this table.
 */
export const TAB_GROUPS: Readonly<Record<string, readonly string[]>> = {
  /** Module languages, in the order pages show them. */
  'server-language': ['typescript', 'csharp', 'rust', 'cpp'],
  /** Client SDKs, in the order pages show them (`cpp`/`unreal`: Unreal C++, `blueprint`: Unreal Blueprint). */
  'client-language': ['typescript', 'csharp', 'rust', 'cpp', 'unreal', 'blueprint'],
};

/** Tab values that mean a programming language: tabs using them must belong to one of the groups above. */
export const LANGUAGE_TAB_VALUES = new Set(Object.values(TAB_GROUPS).flat());

export interface TabsUse {
  groupId: string | undefined;
  /** The `value` of each TabItem, in order; undefined where it is not a plain string. */
  values: Array<string | undefined>;
}

/** What is wrong with one `<Tabs>` element, as messages (empty when it follows the table). */
export function checkTabs({ groupId, values }: TabsUse): string[] {
  const problems: string[] = [];
  const known = Object.keys(TAB_GROUPS);
  const named = values.filter((value): value is string => value !== undefined);
  if (values.length !== named.length) problems.push('every <TabItem> needs a plain string value="..."');
  const seen = new Set<string>();
  for (const value of named) {
    if (seen.has(value)) problems.push(`<TabItem value="${value}"> appears twice in one <Tabs>`);
    seen.add(value);
  }
  const group = groupId === undefined ? undefined : TAB_GROUPS[groupId];
  if (!group) {
    const languageValues = [...new Set(named.filter((value) => LANGUAGE_TAB_VALUES.has(value)))];
    if (languageValues.length > 0) {
      problems.push(
        `language tabs (${languageValues.join(', ')}) need groupId=${known.map((name) => `"${name}"`).join(' or ')} ` +
          `(${groupId === undefined ? 'found no groupId' : `found groupId="${groupId}"`}) so the reader's choice carries across pages`,
      );
    }
    return problems;
  }
  const unknown = named.filter((value) => !group.includes(value));
  if (unknown.length > 0) {
    problems.push(`groupId="${groupId}" takes the values ${group.join(', ')}; not ${unknown.map((value) => `"${value}"`).join(', ')}`);
  }
  const ordered = named.filter((value) => group.includes(value));
  const expected = [...ordered].sort((a, b) => group.indexOf(a) - group.indexOf(b));
  if (ordered.join() !== expected.join()) {
    problems.push(`groupId="${groupId}" tabs go in the order ${expected.join(', ')} (found ${ordered.join(', ')})`);
  }
  return problems;
}
