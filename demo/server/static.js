// @ts-check
// Static files: the demo pages from `demo/` (never outside it, never `demo/server/`), and the built widget
// from `dist/`. Demo HTML pages get a strict Content-Security-Policy: the widget must work under it.

import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

export const DEMO_CSP =
  "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'";

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.d.ts': 'text/plain; charset=utf-8',
};

/** The 404 under `/dist/` says why. */
const NOT_BUILT = 'The widget is not built yet: run `npm run build` (or `npm run demo`), then reload.';

/**
 * The file under `root` that a URL path names, or null when it would leave `root`, names a hidden file,
 * or lies in an excluded subfolder.
 * @param {string} root an absolute folder
 * @param {string} urlPath the URL path below the root, e.g. `/agent.js`
 * @param {string[]} [excluded] subfolders of root not to serve
 */
export function resolveInside(root, urlPath, excluded = []) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s.startsWith('.'))) return null; // also rejects `..`
  const file = resolve(root, ...segments);
  if (!file.startsWith(root + sep)) return null;
  if (excluded.some((folder) => file.startsWith(join(root, folder) + sep))) return null;
  return file;
}

/**
 * @param {{ demoDir: string, distDir: string, html?: (html: string) => string }} options absolute paths;
 *   `html` changes each demo page before it is served (the tests' probe)
 */
export function createStatic({ demoDir, distDir, html = (page) => page }) {
  /**
   * Serves the file and returns true, or returns false when this is not one of ours (the caller decides).
   * `/dist/...` is always ours: a missing build answers 404 with a hint.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} pathname
   * @returns {Promise<boolean>}
   */
  return async function serveStatic(req, res, pathname) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (pathname === '/dist' || pathname.startsWith('/dist/')) {
      const file = resolveInside(distDir, pathname.slice('/dist'.length));
      if (file && (await send(req, res, file, null))) return true;
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(`${pathname} not found. ${NOT_BUILT}\n`);
      return true;
    }
    const file = resolveInside(demoDir, pathname === '/' ? '/index.html' : pathname, ['server']);
    return file !== null && send(req, res, file, html);
  };
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} file
 * @param {((html: string) => string) | null} demo for a demo page (gets the CSP): what changes its HTML
 */
async function send(req, res, file, demo) {
  let bytes;
  try {
    if (!(await stat(file)).isFile()) return false;
    bytes = await readFile(file);
  } catch {
    return false;
  }
  const type = TYPES[file.endsWith('.d.ts') ? '.d.ts' : extname(file).toLowerCase()] ?? 'application/octet-stream';
  const page = demo && type.startsWith('text/html');
  if (page) bytes = Buffer.from(demo(bytes.toString('utf8')));
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', String(bytes.length));
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (page) res.setHeader('Content-Security-Policy', DEMO_CSP);
  res.end(req.method === 'HEAD' ? undefined : bytes);
  return true;
}
