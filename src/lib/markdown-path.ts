/** The file a page's markdown is published at: its URL plus `.md` (the site root itself becomes `index.md`). */
export function markdownPathFor(permalink: string, baseUrl: string): string {
  const route = permalink.startsWith(baseUrl) ? permalink.slice(baseUrl.length) : permalink.replace(/^\//, '');
  const trimmed = route.replace(/\/$/, '');
  return `${trimmed === '' ? 'index' : trimmed}.md`;
}
