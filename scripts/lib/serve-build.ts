import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves a Docusaurus build folder under its baseUrl on 127.0.0.1, the way a static host does:
 * `/docs/x` -> x.html or x/index.html, unknown paths -> 404.html with status 404; text is sent
 * gzipped when the client accepts it, as any production host would, so transfer sizes are real.
 */
export async function serveBuild(buildDir: string, baseUrl = '/docs/', port = 0): Promise<StaticServer> {
  const root = path.resolve(buildDir);
  const resolveFile = (urlPath: string): string | undefined => {
    const rel = decodeURIComponent(urlPath.slice(baseUrl.length));
    const base = path.resolve(root, rel);
    if (base !== root && !base.startsWith(root + path.sep)) return undefined;
    for (const candidate of [base, `${base}.html`, path.join(base, 'index.html')]) {
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    }
    return undefined;
  };
  // Compressed once per file and kept, as a CDN keeps it: the CPU of compressing on every request
  // would compete with the browser under measurement on a small machine.
  const gzipped = new Map<string, { mtimeMs: number; body: Buffer }>();
  const gzipOf = (file: string): Buffer => {
    const { mtimeMs } = fs.statSync(file);
    const cached = gzipped.get(file);
    if (cached && cached.mtimeMs === mtimeMs) return cached.body;
    const body = zlib.gzipSync(fs.readFileSync(file));
    gzipped.set(file, { mtimeMs, body });
    return body;
  };
  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (urlPath === baseUrl.slice(0, -1)) {
      res.writeHead(301, { location: baseUrl }).end();
      return;
    }
    const file = urlPath.startsWith(baseUrl) ? resolveFile(urlPath) : undefined;
    const target = file ?? path.join(root, '404.html');
    const type = TYPES[path.extname(target)] ?? 'application/octet-stream';
    const compressible = /^(text\/|application\/(json|xml)|image\/svg)/.test(type);
    const gzip = compressible && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(file ? 200 : 404, {
      'content-type': type,
      'cache-control': /\/assets\//.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
    });
    if (gzip) res.end(gzipOf(target));
    else fs.createReadStream(target).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${actual}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
