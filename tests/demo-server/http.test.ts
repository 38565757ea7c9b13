// @vitest-environment node
import { request as httpRequest, createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDevServer } from '../../demo/server/handler.js';
import { parleyDevServerPlugin } from '../../demo/server/vite-plugin.js';
import { call, startServer, visitor } from './helpers';

/** GET with the path sent exactly as written (fetch would normalize `..`). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.path = path;
    req.on('error', reject);
    req.end();
  });
}

const CSP = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'";

describe('CORS', () => {
  it('answers a preflight with the allowed methods and headers', async () => {
    const { url } = await startServer();
    const response = await fetch(`${url}/parley/messages`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://shop.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'uniqueappdeviceid, authorization, content-type, x-custom',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, OPTIONS');
    const allowed = response.headers.get('access-control-allow-headers')!.toLowerCase();
    for (const name of ['uniqueappdeviceid', 'authorization', 'content-type', 'x-custom'])
      expect(allowed).toContain(name);
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
  });

  it('puts CORS headers on answers, errors included', async () => {
    const { url } = await startServer();
    const response = await fetch(`${url}/parley/config`);
    expect(response.status).toBe(502);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });
});

describe('static files', () => {
  it('serves the demo pages with a strict Content-Security-Policy', async () => {
    const { url } = await startServer();
    for (const path of ['/', '/inline.html', '/fullscreen.html', '/agent.html']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('content-security-policy')).toBe(CSP);
    }
    const index = await (await fetch(`${url}/`)).text();
    expect(index).toContain('<script src="/dist/parley-chat.js" data-api-url="/parley" async></script>');
    expect(index).not.toMatch(/<style|style=|<script>(?!<)/);
    const css = await fetch(`${url}/site.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect((await fetch(`${url}/agent.js`)).headers.get('content-type')).toContain('javascript');
  });

  it('never serves the server folder, hidden files or anything outside demo/', async () => {
    const { url } = await startServer();
    for (const path of [
      '/server/handler.js',
      '/server/',
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/%2e%2e%5cpackage.json',
      '/dist/../package.json',
      '/dist/%2e%2e/package.json',
      '/.git/config',
    ]) {
      const { status, body } = await rawGet(url, path);
      expect(status, path).toBe(404);
      expect(body, path).not.toContain('"name": "parley-chat"');
    }
  });

  it('serves dist/ and explains a missing build', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'parley-dist-'));
    writeFileSync(join(dist, 'parley-chat.js'), 'console.log("widget");');
    const built = await startServer({ distDir: dist });
    const script = await fetch(`${built.url}/dist/parley-chat.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toBe('console.log("widget");');

    const empty = await startServer({ distDir: mkdtempSync(join(tmpdir(), 'parley-nodist-')) });
    const missing = await fetch(`${empty.url}/dist/parley-chat.js`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('npm run build');
  });
});

describe('as middleware', () => {
  it('handles its own paths and calls next() for the others', async () => {
    const dev = createDevServer({ serveStatic: false, debug: false });
    const server = createServer((req, res) =>
      dev.handler(req, res, () => {
        res.statusCode = 200;
        res.end('next');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      expect(await (await fetch(`${url}/`)).text()).toBe('next');
      expect(await (await fetch(`${url}/src/main.ts`)).text()).toBe('next');
      expect((await fetch(`${url}/parley/config`)).status).toBe(502);
      const v = visitor(url);
      expect((await v.register()).status).toBe(200);
      expect((await call(url, 'GET', '/webcare/conversations')).status).toBe(200);
    } finally {
      dev.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('is a Vite plugin that mounts the handler on the dev server', () => {
    const plugin = parleyDevServerPlugin();
    expect(plugin.name).toBe('parley-dev-server');
    const used: unknown[] = [];
    const fakeServer = { middlewares: { use: (fn: unknown) => used.push(fn) }, httpServer: null };
    (plugin.configureServer as (server: unknown) => void)(fakeServer);
    expect(used).toHaveLength(1);
    expect(typeof used[0]).toBe('function');
  });

  it('closes promptly even with a request held by a fault delay', async () => {
    const server = await startServer();
    const v = visitor(server.url);
    await v.register();
    await call(server.url, 'POST', '/__control/faults', { path: '^/config$', delayMs: 60_000 });
    const pending = v.get('/config').catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(1500);
    expect(await pending).toBeInstanceOf(Error);
  });
});
