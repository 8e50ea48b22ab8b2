import fs from 'node:fs';
import path from 'node:path';
import { listMarkdownFiles } from './doc-trees';

export interface MeasuredPage {
  label: string;
  route: string;
}

/** The route a published page source (`<route>.md` in the build) belongs to. */
function routeOfMarkdown(buildDir: string, file: string, baseUrl: string): string {
  const rel = path.relative(buildDir, file).split(path.sep).join('/').replace(/\.md$/, '');
  return rel === 'index' ? baseUrl : `${baseUrl}${rel}`;
}

/**
 * The pages the performance budgets and accessibility checks cover: the start page, a quickstart,
 * and the longest page of each version (by the size of its published markdown in the build).
 */
export function pagesToMeasure(buildDir: string, baseUrl = '/docs/'): MeasuredPage[] {
  const versions = ['', ...fs.readdirSync(buildDir).filter((d) => /^\d+\.\d+\.\d+$/.test(d))];
  const pages: MeasuredPage[] = [
    { label: 'start page', route: baseUrl },
    { label: 'quickstart', route: `${baseUrl}quickstarts/react` },
  ];
  for (const version of versions) {
    const dir = path.join(buildDir, version);
    const files = listMarkdownFiles(dir).filter((f) => {
      const rel = path.relative(dir, f);
      return !versions.some((v) => v && rel.startsWith(`${v}${path.sep}`)) && rel !== 'llms.txt';
    });
    const longest = files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
    if (longest) {
      pages.push({ label: `longest page (${version || 'current'})`, route: routeOfMarkdown(buildDir, longest, baseUrl) });
    }
  }
  const exists = (route: string) => {
    const rel = route.slice(baseUrl.length).replace(/\/$/, '');
    return [path.join(buildDir, rel, 'index.html'), path.join(buildDir, `${rel}.html`)].some((f) => fs.existsSync(f));
  };
  return pages.filter((p, i) => exists(p.route) && pages.findIndex((q) => q.route === p.route) === i);
}
